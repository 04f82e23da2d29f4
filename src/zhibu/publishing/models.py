"""宣传发布: models."""
