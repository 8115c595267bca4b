"""Petition work (信访工作) inside a unit and across units."""
