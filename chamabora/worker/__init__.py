"""The RQ worker's side, an entry point like the web: the functions RQ runs
(`tasks`, and `firings` for the schedule), the worker process that looks
after itself (`process`) and the sweeper it runs. Each worker process builds
the composition root once (`tasks.current`).
"""
