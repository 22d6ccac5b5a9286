"""Store: immutable data versions on disk, the atomic CURRENT pointer, rollback, the inter-process
lock and durable writes."""
