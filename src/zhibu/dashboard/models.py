"""数据看板: models."""
