"""Exporters: the rendered Markdown turned into the files officers hand out."""
