"""The `digest` commands, one module per command or command group; `generator/cli.py` gathers
them under one group. Heavy imports happen inside the commands that need them."""
