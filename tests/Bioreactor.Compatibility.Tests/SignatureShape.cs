using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;

namespace Bioreactor.Compatibility.Tests;

/// <summary>The rule a violation breaks.</summary>
public enum CompatibilityRule
{
    /// <summary>A generic type or method defined, instantiated or referenced.</summary>
    Generic,

    /// <summary>An array with more than one dimension (or a non-zero lower bound).</summary>
    MultidimensionalArray,

    /// <summary>Pointers, function pointers, pinned locals, stackalloc, TypedReference, ref returns, ref structs.</summary>
    Pointer,

    /// <summary>A framework type or member that is not in the nanoFramework allow-list.</summary>
    FrameworkApi,

    /// <summary>Other constructs nanoFramework cannot run (varargs, P/Invoke, default interface methods).</summary>
    Unsupported,

    /// <summary>
    /// A C# <c>volatile</c> field: its signature carries the required modifier System.Runtime.CompilerServices.IsVolatile,
    /// which nanoFramework's mscorlib 1.17.11 does not define, so the device build does not compile. Use lock or Interlocked.
    /// </summary>
    VolatileField,

    /// <summary>
    /// Text encoded by indexing a string: String.get_Chars (<c>s[i]</c>) inside one of the core's text encoders, or a
    /// char read with it turned straight into a byte anywhere. On nanoCLR <c>s[i]</c> at the low half of a surrogate
    /// pair returns the high half; encoders read <c>ToCharArray()</c> instead (see
    /// <see cref="NanoFrameworkCompatibilityGuard.TextEncoderTypes"/>).
    /// </summary>
    StringIndexerEncoding,

    /// <summary>
    /// A value type of the project's own (a struct; enums aside). On nanoCLR every load of a value type copies it onto the
    /// heap, so a struct on the periodic path costs an allocation per use; the device libraries keep state in classes.
    /// </summary>
    ValueType,
}

/// <summary>A problem found inside a decoded signature, before it is given a location.</summary>
public readonly record struct ShapeIssue(CompatibilityRule Rule, string Text);

/// <summary>
/// A decoded type in a signature: its documentation-ID name, a readable name, the problems found in it, and the
/// primitive framework types it uses (which must be allow-listed like any referenced type).
/// </summary>
public sealed class SignatureShape
{
    public SignatureShape(string docId, string display, ImmutableArray<ShapeIssue> issues, ImmutableArray<string> primitives)
    {
        DocId = docId;
        Display = display;
        Issues = issues;
        Primitives = primitives;
    }

    /// <summary>Name as in a documentation-comment ID (System.Double[], System.Int32@).</summary>
    public string DocId { get; }

    /// <summary>Name for messages (System.Collections.Generic.List`1&lt;System.Int32&gt;).</summary>
    public string Display { get; }

    public ImmutableArray<ShapeIssue> Issues { get; }

    public ImmutableArray<string> Primitives { get; }

    public static SignatureShape Simple(string name) =>
        new(name, name, ImmutableArray<ShapeIssue>.Empty, ImmutableArray<string>.Empty);

    public SignatureShape Wrap(string docSuffix, string displaySuffix, ShapeIssue? issue = null) =>
        new(DocId + docSuffix, Display + displaySuffix, issue is null ? Issues : Issues.Add(issue.Value), Primitives);

    public static SignatureShape Combine(string docId, string display, ShapeIssue? issue, params SignatureShape[] parts)
    {
        var issues = ImmutableArray.CreateBuilder<ShapeIssue>();
        var primitives = ImmutableArray.CreateBuilder<string>();
        if (issue is not null)
        {
            issues.Add(issue.Value);
        }

        foreach (var part in parts)
        {
            issues.AddRange(part.Issues);
            primitives.AddRange(part.Primitives);
        }

        return new SignatureShape(docId, display, issues.ToImmutable(), primitives.ToImmutable());
    }

    public override string ToString() => Display;
}

/// <summary>A decoded method signature: return type, parameters, and everything found in them.</summary>
public sealed class MethodShape
{
    public MethodShape(MethodSignature<SignatureShape> signature)
    {
        Signature = signature;
    }

    public MethodSignature<SignatureShape> Signature { get; }

    public SignatureShape ReturnType => Signature.ReturnType;

    public ImmutableArray<SignatureShape> Parameters => Signature.ParameterTypes;

    /// <summary>Parameter list in documentation-ID form: empty for no parameters, else "(A,B)".</summary>
    public string DocIdParameters =>
        Parameters.Length == 0 ? string.Empty : "(" + string.Join(",", Parameters.Select(p => p.DocId)) + ")";

    public string DisplayParameters => "(" + string.Join(", ", Parameters.Select(p => p.Display)) + ")";

    public ImmutableArray<SignatureShape> AllParts => Parameters.Insert(0, ReturnType);

    public string Describe(string owner, string name)
    {
        var builder = new StringBuilder();
        builder.Append(ReturnType.Display).Append(' ').Append(owner).Append('.').Append(name).Append(DisplayParameters);
        return builder.ToString();
    }
}
