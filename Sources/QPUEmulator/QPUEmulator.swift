// QPUEmulator: placeholder until its issue lands.
