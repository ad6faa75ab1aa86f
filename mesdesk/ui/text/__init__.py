"""User texts that more than one view says: problems (refusals) in the user's language."""
