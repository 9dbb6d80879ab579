"""The outbox: every message or money instruction that leaves Chamabora is a
row here first, written in the same transaction as the change that caused it,
then sent by a worker. A crash between the two loses nothing (the row waits),
and the row's state stops a retried job from sending twice."""
