"""The chama's calendar: periodic jobs declared as data with deterministic
ids, fired by RQ in production (job ids derived from the entry and the
firing time, so two schedulers or a restart never double one) and in
process in the local default."""
