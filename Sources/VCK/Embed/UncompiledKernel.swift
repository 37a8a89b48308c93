/// What `#kernel` declares for a kernel with errors, in place of its typed wrapper.
///
/// The kernel's errors already fail the build; this stand-in accepts any
/// `launch(on:…)` call, so the uses of the kernel do not add errors of their own
/// ("type has no member") to the kernel's. It is never meant to run: a call throws.
@dynamicMemberLookup
public struct UncompiledKernel: Sendable {
  /// The stand-in.
  public init() {}

  /// Any member, such as `launch`.
  public subscript(dynamicMember member: String) -> UncompiledKernelMember {
    UncompiledKernelMember(member: member)
  }
}

/// A member of an ``UncompiledKernel``: callable with any arguments, throws when called.
@dynamicCallable
public struct UncompiledKernelMember: Sendable {
  /// The member's name.
  public let member: String

  /// Throws: the kernel did not compile.
  @discardableResult
  public func dynamicallyCall(withKeywordArguments arguments: KeyValuePairs<String, Any>)
    throws -> LaunchResult
  {
    throw CompileError(message: "the kernel has errors: '\(member)' cannot be used")
  }
}
