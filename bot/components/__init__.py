"""Rasa graph components of the ecoassist pipeline (loaded by Rasa from the project root)."""
