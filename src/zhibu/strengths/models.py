"""支部评估: models."""
