import QPUEmulator

/// `--timing-parameter NAME=VALUE` options.
enum TimingSettings {
  /// The Pi 4 parameters with each setting applied, or a usage error naming the bad one.
  static func parameters(_ settings: [String]) throws -> TimingParameters {
    var parameters = TimingParameters.pi4
    for setting in settings {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let changed = parameters.setting(parts[0], to: parts[1]) else {
        throw failure(
          "error: --timing-parameter '\(setting)' is not NAME=VALUE with a known name and a "
            + "positive value; names: \(TimingParameters.names.joined(separator: ", "))")
      }
      parameters = changed
    }
    return parameters
  }
}
