"""RQ jobs: the outbox is sent by workers, one job per row (unique job id
`outbox-<id>`) on a queue named by the row's purpose, or in batches for bulk
notices; a sweeper re-queues whatever a crash left behind."""
