// Tests for VCKIR land with its issue.
