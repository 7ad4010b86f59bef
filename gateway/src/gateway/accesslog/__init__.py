"""Access statistics (态势感知): every request through the gateway is recorded without
slowing it down (an in-memory buffer flushed in batches) and without personal data; platform
admins query visits, top pages and sources, error rates and latency at `/admin/stats`."""
