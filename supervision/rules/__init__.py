"""Pure domain rules of petition work: no Django, no database."""
