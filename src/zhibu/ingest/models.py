"""报道导入: models."""
