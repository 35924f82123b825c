"""The exit status of every `docgen` command."""

OK = 0
INTERNAL = 1  # a bug or a failed writer: ours to fix
BAD_INPUT = 2  # a deal file, a clause library, an option or a path the user must fix
FINDINGS = 3  # `docgen check` found problems in a rendered pack
INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
