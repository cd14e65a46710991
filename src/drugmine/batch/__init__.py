"""Running many documents: the engines and the batch loop (runner), supervised workers
under time and memory limits (supervise), the result cache (cache) and the atomic
publishing of a finished output set (publish)."""
