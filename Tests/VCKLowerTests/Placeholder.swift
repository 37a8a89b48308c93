// Tests for VCKLower land with its issue.
