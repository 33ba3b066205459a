"""Terraform: a parse unit per module folder (every `.tf` file of the folder)."""
