"""Shared building blocks: environment, embedded services, errors, IDs."""
