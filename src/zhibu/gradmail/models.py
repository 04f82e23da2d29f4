"""毕业寄: models."""
