"""The pages of the main window (one per part of the plan) and their registry."""
