// Tests for QPUEmulator land with its issue.
