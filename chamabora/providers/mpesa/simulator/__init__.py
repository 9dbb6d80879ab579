"""A local Daraja look-alike: OAuth, STK push (with a real callback to our
endpoint after a short delay, the outcome chosen by whoever drives it), STK
query, C2B register and simulate, B2C with results, transaction status and
reversal. Our client talks to it over HTTP exactly as to Safaricom.

`make run` serves it from the service itself under `/simulator/daraja`;
tests run it standalone on a loopback port (`server.serve`).
"""
