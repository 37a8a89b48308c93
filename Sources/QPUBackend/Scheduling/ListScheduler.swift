/// Placeholder until the list scheduler lands: the naive schedule.
enum ListScheduler {
  static func schedule(_ blocks: [[PhysicalOperation]], _ function: MachineFunction) -> CodeBuffer {
    NaiveScheduler.schedule(blocks, function)
  }
}
