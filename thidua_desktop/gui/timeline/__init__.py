"""Widgets, models, dialogs and undo commands of the Tiến độ kế hoạch tab."""
