/// Every rule the front end enforces, one case per diagnostic. Tests iterate over
/// `allCases` to make sure each one is produced by some program.
public enum DiagnosticCode: String, Hashable, Sendable, CaseIterable {
  // Lexical structure.
  case unexpectedCharacter
  case unterminatedComment
  case invalidLiteral
  case literalOutOfRange
  // Grammar.
  case expectedToken
  case keywordAsName
  case chainedComparison
  case notCallable
  case globalVariable
  case nestingTooDeep
  // Names.
  case unknownName
  case unknownType
  case unknownFunction
  case redeclaration
  case builtinRedeclaration
  case notAValue
  case constantCycle
  // Types.
  case typeMismatch
  case invalidOperand
  case literalNotRepresentable
  case invalidConversion
  case invalidType
  case invalidParameterType
  case invalidArraySize
  case notIndexable
  case voidValue
  case splatWithoutArrayType
  // Constants.
  case notConstant
  case divisionByZero
  case constantOverflow
  case arrayIndexOutOfRange
  case unrollTooLarge
  case invalidStep
  // Calls.
  case wrongArgumentCount
  case argumentMustBeUniform
  case kernelCall
  case recursiveCall
  case callNestingTooDeep
  case invalidAtomicTarget
  case invalidAtomicType
  case invalidVectorAccess
  // Launch grids.
  case invalidGrid
  case gridMismatch
  // Statements.
  case missingInitializer
  case immutableAssignment
  case invalidAssignmentTarget
  case breakOutsideLoop
  case breakInUnroll
  case returnValueInKernel
  case returnValueMismatch
  case missingReturn
  case barrierUnderVaryingControl
  case barrierInExpression
  // Limits.
  case tooManyErrors
  // Warnings.
  case unusedVariable
  case neverMutated
  case writtenNeverRead
  case unusedResult
  case unreachableCode
  case unusedFunction

  /// Error or warning.
  public var severity: Severity {
    switch self {
    case .unusedVariable, .neverMutated, .writtenNeverRead, .unusedResult, .unreachableCode,
      .unusedFunction:
      return .warning
    default:
      return .error
    }
  }
}
