"""Daraja's way in: the callback routes (`/mpesa/...`, DESIGN.md section 3),
acknowledged fast and applied once by the services."""
