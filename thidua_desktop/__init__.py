"""Thi đua Desktop: plan and run emulation congresses and exemplary-model conferences."""

__version__ = "0.1.0"
APP_NAME = "Thi đua Desktop"
