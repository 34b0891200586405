"""Rasa project: domain, training data, conversation tests and custom pipeline components."""
