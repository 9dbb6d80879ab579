"""Journeys: the product's contract with people.

Each test reads as a story a member, treasurer or chair could tell. It drives
Chamabora only through what the outside world posts (gateways, the Daraja
simulator, the schedule, the operator CLI; see `world.py`) and checks only
what a person or operator sees. When a journey and a unit test disagree, the
journey is right.
"""
