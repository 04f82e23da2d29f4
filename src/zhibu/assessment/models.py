"""党员考评: models."""
