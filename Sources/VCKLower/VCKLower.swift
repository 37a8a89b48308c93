// VCKLower: placeholder until the IR issue lands.
