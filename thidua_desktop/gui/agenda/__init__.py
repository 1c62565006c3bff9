"""The agenda builder's parts: models, undo commands, palette, speeches panel, preview."""
