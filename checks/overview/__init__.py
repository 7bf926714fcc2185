"""The city overview: many offices' published needs.json side by side (lis overview, lis export overview)."""
