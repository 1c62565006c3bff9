"""The Hồ sơ tab's parts: matrix and detail models, dialogs, undoable commands."""
