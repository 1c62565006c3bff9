"""The Đại biểu tab's parts: table model and proxy, commands, dialogs, rules panel, chart."""
