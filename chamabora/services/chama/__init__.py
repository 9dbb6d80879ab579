"""A chama's own affairs as its officers run them: its rules and the changes waiting for their
cycle, the decisions waiting for an officer (`pending`, `waiting`), the decisions taken, and the
operators' reads of who is on the service (`directory`, `audit_log`)."""
