/// One example job of the side-by-side table: the example executable that runs it, and
/// what py-videocore6's hand-written kernel for the same job measured on a real Pi 4.
struct ExampleJob {
  /// The example executable's name (a product of the root package).
  var executable: String
  /// What the job does at the example's default (full) size.
  var job: String
  /// py-videocore6's published Pi 4 figure for the same job, in the job's rate unit.
  var publishedRate: Double
  /// The timing model's figure for py-videocore6's kernel on the same job (its code run
  /// through `vck emulate`; docs/emulator.md, "Calibration"), in the job's rate unit.
  var modelledReferenceRate: Double
  /// Options for the compiled kernel's run besides `--json` (the hand-written run gets
  /// `--hand` only).
  var compiledOptions: [String] = []
  /// The example's JSON key for the modelled rate.
  var rateKey: String
  /// The rate's unit as printed.
  var rateUnit: String

  /// The examples that have a hand-written twin, at their default sizes (those of
  /// py-videocore6's examples). The published figures are from py-videocore6's README, as
  /// in docs/emulator.md's calibration table.
  static let all = [
    ExampleJob(
      executable: "memset", job: "fill 64 MiB", publishedRate: 3751, modelledReferenceRate: 3811,
      rateKey: "modelled_mb_per_s", rateUnit: "MB/s"),
    ExampleJob(
      executable: "scopy", job: "copy 16 Mi floats", publishedRate: 2424,
      modelledReferenceRate: 2544,
      rateKey: "modelled_mb_per_s", rateUnit: "MB/s"),
    ExampleJob(
      executable: "summation", job: "sum 32 Mi u32", publishedRate: 7241,
      modelledReferenceRate: 7397,
      rateKey: "modelled_mb_per_s", rateUnit: "MB/s"),
    ExampleJob(
      executable: "sgemm", job: "C = αAB + βC, 1024³", publishedRate: 3.88,
      modelledReferenceRate: 3.58,
      rateKey: "modelled_gflops", rateUnit: "Gflop/s"),
  ]
}
