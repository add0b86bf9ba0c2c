"""Writers that take a study back out of ThemeGraph: REFI-QDA projects and codebooks."""
