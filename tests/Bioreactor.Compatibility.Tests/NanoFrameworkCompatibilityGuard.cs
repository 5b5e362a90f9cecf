using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Bioreactor.Compatibility.Tests;

/// <summary>One thing in the inspected assembly that nanoFramework 1.x cannot run.</summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="Location">Where it was found (type, method or field of the inspected assembly).</param>
/// <param name="Message">What was found, naming the offending type or member.</param>
public sealed record CompatibilityViolation(CompatibilityRule Rule, string Location, string Message)
{
    public override string ToString() => $"[{Rule}] {Location}: {Message}";
}

/// <summary>What the guard found in one assembly.</summary>
/// <param name="Violations">Every violation, in the order found.</param>
/// <param name="FrameworkReferences">Every framework type and member ID the assembly uses, sorted.</param>
public sealed record CompatibilityReport(IReadOnlyList<CompatibilityViolation> Violations, IReadOnlyList<string> FrameworkReferences);

/// <summary>
/// Inspects a compiled assembly with System.Reflection.Metadata (no loading, no reflection) and reports every use
/// of something nanoFramework 1.x cannot run:
/// generic types and methods (defined, instantiated or referenced), multidimensional arrays, pointers and other
/// unsafe or byref-like constructs, framework types and members outside the allow-list, varargs, P/Invoke and
/// default interface methods; and two things the real nanoCLR gets wrong or cannot compile: <c>volatile</c> fields
/// and text encoded by indexing a string (see <see cref="CompatibilityRule.VolatileField"/> and
/// <see cref="CompatibilityRule.StringIndexerEncoding"/>).
/// </summary>
/// <remarks>
/// What is walked: assembly and module attributes; every type definition (generic parameters, base type,
/// interfaces, attributes, fields, properties, events, method signatures, parameters, locals, exception handler
/// types, explicit interface implementations) and every method body's IL (each token operand: type, field,
/// method, member reference, method and type specification, stand-alone signature); then, as a safety net, the
/// whole TypeReference, TypeSpec, MemberReference, MethodSpec and StandAloneSig tables, so that nothing escapes by
/// being referenced only from metadata the walk does not visit.
/// </remarks>
public sealed class NanoFrameworkCompatibilityGuard
{
    /// <summary>Every IL opcode by its value (two-byte opcodes as 0xFE__); shared with the size estimate.</summary>
    internal static readonly IReadOnlyDictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(OpCode))
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>IL instructions that only unsafe, vararg or TypedReference code produces.</summary>
    private static readonly IReadOnlyDictionary<short, (CompatibilityRule Rule, string What)> ForbiddenOpCodes =
        new Dictionary<short, (CompatibilityRule, string)>
        {
            [OpCodes.Localloc.Value] = (CompatibilityRule.Pointer, "allocates on the stack (localloc: stackalloc)"),
            [OpCodes.Calli.Value] = (CompatibilityRule.Pointer, "calls through a function pointer (calli)"),
            [OpCodes.Cpblk.Value] = (CompatibilityRule.Pointer, "copies raw memory (cpblk)"),
            [OpCodes.Initblk.Value] = (CompatibilityRule.Pointer, "initialises raw memory (initblk)"),
            [OpCodes.Mkrefany.Value] = (CompatibilityRule.Pointer, "makes a TypedReference (mkrefany: __makeref)"),
            [OpCodes.Refanyval.Value] = (CompatibilityRule.Pointer, "reads a TypedReference (refanyval: __refvalue)"),
            [OpCodes.Refanytype.Value] = (CompatibilityRule.Pointer, "reads a TypedReference (refanytype: __reftype)"),
            [OpCodes.Arglist.Value] = (CompatibilityRule.Unsupported, "reads a variable argument list (arglist: __arglist)"),
            [OpCodes.Jmp.Value] = (CompatibilityRule.Unsupported, "jumps to another method (jmp)"),
        };

    /// <summary>
    /// The core's text encoders: the types whose job is turning text into bytes or bytes into text (UTF-8, JSON, the
    /// recipe's canonical text, the record's text fields), with their nested types (lambdas, closures). No method of them
    /// may call System.String.get_Chars at all, even on text known to be ASCII, nor String.IndexOf (which on nanoCLR returns
    /// −1 for a character that follows a surrogate pair: seen on nanoCLR built from nf-interpreter main, December 2026): they read a string's UTF-16 units from
    /// <c>ToCharArray()</c> (or a <c>TextCharsCache</c> on the periodic path), so that no encoding path can ever meet the
    /// nanoCLR indexer, which returns the high surrogate at the low half of a pair. Everywhere else String.get_Chars is
    /// allowed for what it does right on nanoCLR (testing ASCII: digits, identifiers, separators; a non-ASCII unit reads as
    /// non-ASCII there too), except turning the char straight into a byte (the second half of the rule, see
    /// <see cref="ByteConversions"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> TextEncoderTypes = new[]
    {
        "Bioreactor.Control.Primitives.Utf8Text",
        "Bioreactor.Control.Primitives.TextCharsCache",
        "Bioreactor.Control.Primitives.ConfigReader",
        "Bioreactor.Control.Protocol.JsonWriter",
        "Bioreactor.Control.Protocol.JsonReader",
        "Bioreactor.Control.Batch.RecipeText",
        "Bioreactor.Control.Records.PayloadBuilder",
        "Bioreactor.Control.Records.PayloadReader",
    };

    /// <summary>
    /// Conversions to a byte. <c>(byte)s[i]</c> compiles to a call of String.get_Chars immediately followed by one of
    /// these: a string encoded by indexing it, reported in any method of a device library. (Only this direct idiom is
    /// recognised; a char kept in a local first is not followed. Inside the encoder types every get_Chars is reported.)
    /// </summary>
    private static readonly HashSet<short> ByteConversions = new()
    {
        OpCodes.Conv_U1.Value,
        OpCodes.Conv_I1.Value,
        OpCodes.Conv_Ovf_U1.Value,
        OpCodes.Conv_Ovf_U1_Un.Value,
        OpCodes.Conv_Ovf_I1.Value,
        OpCodes.Conv_Ovf_I1_Un.Value,
    };

    private const string IsVolatileModifier = "System.Runtime.CompilerServices.IsVolatile";

    private readonly MetadataReader _reader;
    private readonly PEReader _peReader;
    private readonly AllowList _allowList;
    private readonly ShapeProvider _provider;
    private readonly List<CompatibilityViolation> _violations = new();
    private readonly HashSet<(CompatibilityRule, string, string)> _seen = new();
    private readonly Dictionary<EntityHandle, string> _firstUse = new();
    private readonly HashSet<EntityHandle> _reportedAtUse = new();
    private string _location = "assembly";
    private bool _inTables;
    private readonly SortedSet<string> _frameworkIds = new(StringComparer.Ordinal);
    private readonly HashSet<MethodDefinitionHandle> _generatedEventAccessors = new();
    private MethodDefinitionHandle _currentMethod;
    private string _currentEncoderType;

    private NanoFrameworkCompatibilityGuard(PEReader peReader, AllowList allowList)
    {
        _peReader = peReader;
        _reader = peReader.GetMetadataReader();
        _allowList = allowList ?? throw new ArgumentNullException(nameof(allowList));
        _provider = new ShapeProvider(_reader);
        _provider.TypeReferenceSeen = handle => NoteUse(handle);
    }

    /// <summary>Checks the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<CompatibilityViolation> Check(string path, AllowList allowList) =>
        Inspect(path, allowList).Violations;

    /// <summary>Checks an assembly image read from <paramref name="peImage"/>.</summary>
    public static IReadOnlyList<CompatibilityViolation> Check(Stream peImage, AllowList allowList) =>
        Inspect(peImage, allowList).Violations;

    /// <summary>Checks the assembly at <paramref name="path"/>; also returns every framework ID it uses.</summary>
    public static CompatibilityReport Inspect(string path, AllowList allowList)
    {
        using var stream = File.OpenRead(path);
        return Inspect(stream, allowList);
    }

    /// <summary>Checks an assembly image; also returns every framework ID it uses.</summary>
    public static CompatibilityReport Inspect(Stream peImage, AllowList allowList)
    {
        using var peReader = new PEReader(peImage, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
        if (!peReader.HasMetadata)
        {
            throw new BadImageFormatException("not a .NET assembly: no metadata");
        }

        var guard = new NanoFrameworkCompatibilityGuard(peReader, allowList);
        guard.Run();
        return new CompatibilityReport(guard._violations, guard._frameworkIds.ToArray());
    }

    private void Run()
    {
        FindGeneratedEventAccessors();
        _location = "assembly";
        if (_reader.IsAssembly)
        {
            CheckAttributes(_reader.GetAssemblyDefinition().GetCustomAttributes(), "assembly attribute");
        }

        _location = "module";
        CheckAttributes(_reader.GetModuleDefinition().GetCustomAttributes(), "module attribute");

        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            CheckType(typeHandle);
        }

        CheckTables();
        CheckFrameworkReferences();
    }

    /// <summary>
    /// The add/remove accessors the compiler writes for field-like events. On a host whose mscorlib has
    /// Interlocked.CompareExchange&lt;T&gt; they call it; on nanoFramework the compiler falls back to
    /// Delegate.Combine/Remove. That one generic instantiation is tolerated there, and only there, when the
    /// allow-list carries it as a HOST-ONLY entry.
    /// </summary>
    private void FindGeneratedEventAccessors()
    {
        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            foreach (var eventHandle in _reader.GetTypeDefinition(typeHandle).GetEvents())
            {
                var accessors = _reader.GetEventDefinition(eventHandle).GetAccessors();
                foreach (var accessor in new[] { accessors.Adder, accessors.Remover })
                {
                    if (!accessor.IsNil && _reader.GetMethodDefinition(accessor).GetCustomAttributes().Any(a =>
                            AttributeTypeName(_reader.GetCustomAttribute(a)) == "System.Runtime.CompilerServices.CompilerGeneratedAttribute"))
                    {
                        _generatedEventAccessors.Add(accessor);
                    }
                }
            }
        }
    }

    /// <summary>True when a generic framework method is a HOST-ONLY entry and may be used here.</summary>
    private bool IsTolerated(MemberReferenceHandle genericMethod)
    {
        var entry = _allowList.Find(MemberDocId(genericMethod, out _));
        return entry is { HostOnly: true } && (_inTables || _generatedEventAccessors.Contains(_currentMethod));
    }

    private void CheckType(TypeDefinitionHandle handle)
    {
        _currentMethod = default;
        var type = _reader.GetTypeDefinition(handle);
        string typeName = MetadataNames.TypeName(_reader, handle);
        _location = typeName;
        _currentEncoderType = TextEncoderTypes.FirstOrDefault(encoder =>
            typeName == encoder || typeName.StartsWith(encoder + ".", StringComparison.Ordinal));

        if (type.GetGenericParameters().Count > 0)
        {
            Report(CompatibilityRule.Generic, $"defines the generic type {typeName}");
        }

        if (!type.BaseType.IsNil)
        {
            CheckEntity(type.BaseType, "base type");
            // The compiler's <PrivateImplementationDetails> blobs (array initialisers' data) are structs nothing loads.
            if (IsValueTypeBase(type.BaseType)
                && !typeName.StartsWith("<PrivateImplementationDetails>", StringComparison.Ordinal))
            {
                Report(CompatibilityRule.ValueType,
                    $"defines the value type {typeName}: on nanoCLR every load of a struct copies it onto the heap; use a class filled in place");
            }
        }

        foreach (var implHandle in type.GetInterfaceImplementations())
        {
            var impl = _reader.GetInterfaceImplementation(implHandle);
            CheckEntity(impl.Interface, "interface");
            CheckAttributes(impl.GetCustomAttributes(), "interface attribute");
        }

        CheckAttributes(type.GetCustomAttributes(), "type attribute");

        foreach (var fieldHandle in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(fieldHandle);
            _location = MetadataNames.FieldName(_reader, fieldHandle);
            ReportShape(field.DecodeSignature(_provider, null), "field type");
            if (IsVolatile(field))
            {
                Report(CompatibilityRule.VolatileField,
                    $"volatile field {_location} does not compile against nanoFramework's mscorlib 1.17.11 (no IsVolatile): use lock or Interlocked");
            }

            CheckAttributes(field.GetCustomAttributes(), "field attribute");
        }

        foreach (var propertyHandle in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(propertyHandle);
            _location = typeName + "." + _reader.GetString(property.Name);
            var signature = property.DecodeSignature(_provider, null);
            foreach (var part in signature.ParameterTypes.Insert(0, signature.ReturnType))
            {
                ReportShape(part, "property type");
            }

            CheckAttributes(property.GetCustomAttributes(), "property attribute");
        }

        foreach (var eventHandle in type.GetEvents())
        {
            var ev = _reader.GetEventDefinition(eventHandle);
            _location = typeName + "." + _reader.GetString(ev.Name);
            CheckEntity(ev.Type, "event type");
            CheckAttributes(ev.GetCustomAttributes(), "event attribute");
        }

        foreach (var methodHandle in type.GetMethods())
        {
            CheckMethod(type, methodHandle);
        }

        _currentMethod = default;
        foreach (var implHandle in type.GetMethodImplementations())
        {
            var impl = _reader.GetMethodImplementation(implHandle);
            _location = typeName;
            CheckEntity(impl.MethodDeclaration, "explicitly implemented method");
            CheckEntity(impl.MethodBody, "explicit implementation body");
        }

        if (type.GetCustomAttributes().Any(a => AttributeTypeName(_reader.GetCustomAttribute(a)) == "System.Runtime.CompilerServices.IsByRefLikeAttribute"))
        {
            _location = typeName;
            Report(CompatibilityRule.Pointer, $"defines the ref struct {typeName} (byref-like type)");
        }
    }

    private void CheckMethod(TypeDefinition declaringType, MethodDefinitionHandle handle)
    {
        var method = _reader.GetMethodDefinition(handle);
        string methodName = MetadataNames.MethodName(_reader, handle);
        _location = methodName;
        _currentMethod = handle;

        int genericCount = method.GetGenericParameters().Count;
        if (genericCount > 0)
        {
            Report(CompatibilityRule.Generic, $"defines the generic method {methodName}``{genericCount}");
        }

        var signature = method.DecodeSignature(_provider, null);
        if (signature.Header.CallingConvention == SignatureCallingConvention.VarArgs)
        {
            Report(CompatibilityRule.Unsupported, "takes a variable argument list (__arglist)");
        }

        if (signature.ReturnType.DocId.EndsWith('@'))
        {
            Report(CompatibilityRule.Pointer, $"returns by reference ({signature.ReturnType.Display})");
        }

        foreach (var part in signature.ParameterTypes.Insert(0, signature.ReturnType))
        {
            ReportShape(part, "signature");
        }

        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || !method.GetImport().Module.IsNil)
        {
            Report(CompatibilityRule.Unsupported, "is a P/Invoke (DllImport) method");
        }

        if ((declaringType.Attributes & TypeAttributes.Interface) != 0 && method.RelativeVirtualAddress != 0)
        {
            Report(CompatibilityRule.Unsupported,
                "is an interface member with a body (default interface method or static interface member): nanoFramework does not run it");
        }

        CheckAttributes(method.GetCustomAttributes(), "method attribute");
        foreach (var parameterHandle in method.GetParameters())
        {
            CheckAttributes(_reader.GetParameter(parameterHandle).GetCustomAttributes(), "parameter attribute");
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var body = _peReader.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            _reportedAtUse.Add(body.LocalSignature);
            var localSignature = _reader.GetStandaloneSignature(body.LocalSignature);
            foreach (var local in localSignature.DecodeLocalSignature(_provider, null))
            {
                ReportShape(local, "local variable");
            }
        }

        foreach (var region in body.ExceptionRegions)
        {
            if (region.Kind == ExceptionRegionKind.Catch && !region.CatchType.IsNil)
            {
                CheckEntity(region.CatchType, "catch clause");
            }
        }

        ScanIl(body.GetILReader());
    }

    private void ScanIl(BlobReader il)
    {
        short previousOpCode = 0;
        EntityHandle previousToken = default;
        while (il.RemainingBytes > 0)
        {
            int offset = il.Offset;
            short value = il.ReadByte();
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                Report(CompatibilityRule.Unsupported, $"has an unknown IL opcode 0x{value:X4} at IL_{offset:X4}");
                return;
            }

            if (ForbiddenOpCodes.TryGetValue(value, out var forbidden))
            {
                Report(forbidden.Rule, $"{forbidden.What} at IL_{offset:X4}");
            }

            if (ByteConversions.Contains(value) && IsStringCall(previousOpCode, previousToken, "get_Chars"))
            {
                Report(CompatibilityRule.StringIndexerEncoding,
                    "makes a byte straight from String.get_Chars ((byte)s[i]: text encoded by indexing the string); on nanoCLR "
                    + "s[i] at the low half of a surrogate pair returns the high half: encode from ToCharArray() (Utf8Text)");
            }

            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI:
                case OperandType.InlineBrTarget:
                case OperandType.ShortInlineR:
                case OperandType.InlineString:
                    il.Offset += 4;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int count = il.ReadInt32();
                    il.Offset += 4 * count;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                case OperandType.InlineSig:
                    var token = MetadataTokens.EntityHandle(il.ReadInt32());
                    CheckEntity(token, opCode.Name + " operand");
                    CheckEnumToString(previousOpCode, previousToken, value, token);
                    if (_currentEncoderType is not null && IsStringCall(value, token, "get_Chars"))
                    {
                        Report(CompatibilityRule.StringIndexerEncoding,
                            $"calls String.get_Chars (s[i]) inside the text encoder {_currentEncoderType}; on nanoCLR s[i] at the "
                            + "low half of a surrogate pair returns the high half: read the string's ToCharArray() (or a TextCharsCache)");
                    }

                    if (_currentEncoderType is not null && IsStringCall(value, token, "IndexOf"))
                    {
                        Report(CompatibilityRule.StringIndexerEncoding,
                            $"calls String.IndexOf inside the text encoder {_currentEncoderType}; on nanoCLR IndexOf returns -1 for a "
                            + "character that follows a surrogate pair: search the string's ToCharArray()");
                    }

                    previousOpCode = value;
                    previousToken = token;
                    continue;
                default:
                    Report(CompatibilityRule.Unsupported, $"has an IL operand the guard cannot read ({opCode.Name}) at IL_{offset:X4}");
                    return;
            }

            previousOpCode = value;
            previousToken = default;
        }
    }

    /// <summary>True when the base type is System.ValueType (a struct; an enum's base is System.Enum).</summary>
    private bool IsValueTypeBase(EntityHandle baseType) =>
        baseType.Kind == HandleKind.TypeReference
        && MetadataNames.IsExternal(_reader, (TypeReferenceHandle)baseType)
        && MetadataNames.TypeName(_reader, (TypeReferenceHandle)baseType) == "System.ValueType";

    /// <summary>True when the instruction is a call of the System.String method named <paramref name="name"/> (any overload).</summary>
    private bool IsStringCall(short opCode, EntityHandle token, string name)
    {
        if ((opCode != OpCodes.Call.Value && opCode != OpCodes.Callvirt.Value) || token.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var member = _reader.GetMemberReference((MemberReferenceHandle)token);
        return _reader.GetString(member.Name) == name
            && member.Parent.Kind == HandleKind.TypeReference
            && MetadataNames.IsExternal(_reader, (TypeReferenceHandle)member.Parent)
            && MetadataNames.TypeName(_reader, (TypeReferenceHandle)member.Parent) == "System.String";
    }

    /// <summary>
    /// True when the field's signature carries the IsVolatile required modifier (what C# emits for a volatile field,
    /// ECMA-335 II.23.2.4: FIELD CustomMod* Type).
    /// </summary>
    private bool IsVolatile(FieldDefinition field)
    {
        var blob = _reader.GetBlobReader(field.Signature);
        blob.ReadSignatureHeader();
        while (blob.RemainingBytes > 0)
        {
            var code = blob.ReadSignatureTypeCode();
            if (code != SignatureTypeCode.RequiredModifier && code != SignatureTypeCode.OptionalModifier)
            {
                return false;
            }

            var modifier = blob.ReadTypeHandle();
            string name = modifier.Kind switch
            {
                HandleKind.TypeReference => MetadataNames.TypeName(_reader, (TypeReferenceHandle)modifier),
                HandleKind.TypeDefinition => MetadataNames.TypeName(_reader, (TypeDefinitionHandle)modifier),
                _ => string.Empty,
            };
            if (code == SignatureTypeCode.RequiredModifier && name == IsVolatileModifier)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// enumValue.ToString() compiles to "constrained. E callvirt Object::ToString" or "box E callvirt
    /// Object::ToString": no Enum member is referenced, so the allow-list cannot see it. On nanoFramework it
    /// prints the number, not the name. Detected for the enums defined in the inspected assembly.
    /// </summary>
    private void CheckEnumToString(short previousOpCode, EntityHandle previousToken, short opCode, EntityHandle token)
    {
        if ((opCode != OpCodes.Callvirt.Value && opCode != OpCodes.Call.Value) ||
            (previousOpCode != OpCodes.Constrained.Value && previousOpCode != OpCodes.Box.Value) ||
            previousToken.Kind != HandleKind.TypeDefinition ||
            token.Kind != HandleKind.MemberReference)
        {
            return;
        }

        var member = _reader.GetMemberReference((MemberReferenceHandle)token);
        if (_reader.GetString(member.Name) != "ToString" || member.Parent.Kind != HandleKind.TypeReference ||
            MetadataNames.TypeName(_reader, (TypeReferenceHandle)member.Parent) is not ("System.Object" or "System.Enum" or "System.ValueType"))
        {
            return;
        }

        var enumType = _reader.GetTypeDefinition((TypeDefinitionHandle)previousToken);
        if (enumType.BaseType.Kind == HandleKind.TypeReference &&
            MetadataNames.TypeName(_reader, (TypeReferenceHandle)enumType.BaseType) == "System.Enum")
        {
            Report(CompatibilityRule.FrameworkApi,
                $"calls M:System.Enum.ToString on {MetadataNames.TypeName(_reader, (TypeDefinitionHandle)previousToken)}: nanoFramework prints the number, use an explicit switch");
        }
    }

    /// <summary>Checks a type, member or signature handle used at the current location.</summary>
    private void CheckEntity(EntityHandle handle, string context)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            case HandleKind.MethodDefinition:
            case HandleKind.FieldDefinition:
                break;

            case HandleKind.TypeReference:
                NoteUse(handle);
                if (_reader.GetString(_reader.GetTypeReference((TypeReferenceHandle)handle).Name).Contains('`'))
                {
                    Report(CompatibilityRule.Generic,
                        $"references the generic type {MetadataNames.TypeName(_reader, (TypeReferenceHandle)handle)} ({context})");
                    _reportedAtUse.Add(handle);
                }

                break;

            case HandleKind.TypeSpecification:
                var typeSpec = _reader.GetTypeSpecification((TypeSpecificationHandle)handle);
                ReportShape(typeSpec.DecodeSignature(_provider, null), context);
                _reportedAtUse.Add(handle);
                break;

            case HandleKind.MemberReference:
                NoteUse(handle);
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                CheckEntity(member.Parent, context);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    var signature = member.DecodeMethodSignature(_provider, null);
                    bool genericMethod = signature.GenericParameterCount > 0;
                    if (genericMethod && !IsTolerated((MemberReferenceHandle)handle))
                    {
                        Report(CompatibilityRule.Generic,
                            $"references the generic method {MemberDisplayName(handle)}``{signature.GenericParameterCount} ({context})");
                    }

                    // The !!n placeholders of a generic method's own signature are covered by the report above, the !n
                    // of a member of a generic type by the report on its parent.
                    bool genericParent = member.Parent.Kind == HandleKind.TypeSpecification;
                    foreach (var part in signature.ParameterTypes.Insert(0, signature.ReturnType))
                    {
                        ReportShape(part, context, skipMethodParameters: genericMethod, skipTypeParameters: genericParent);
                    }
                }
                else
                {
                    ReportShape(member.DecodeFieldSignature(_provider, null), context,
                        skipTypeParameters: member.Parent.Kind == HandleKind.TypeSpecification);
                }

                break;

            case HandleKind.MethodSpecification:
                var methodSpec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                var arguments = methodSpec.DecodeSignature(_provider, null);
                if (methodSpec.Method.Kind == HandleKind.MemberReference && IsTolerated((MemberReferenceHandle)methodSpec.Method))
                {
                    _reportedAtUse.Add(handle);
                    CheckEntity(methodSpec.Method, context);
                    break;
                }

                Report(CompatibilityRule.Generic,
                    $"instantiates the generic method {MemberDisplayName(methodSpec.Method)}<{string.Join(", ", arguments.Select(a => a.Display))}> ({context})");
                foreach (var argument in arguments)
                {
                    ReportShape(argument, context);
                }

                CheckEntity(methodSpec.Method, context);
                _reportedAtUse.Add(handle);
                break;

            case HandleKind.StandaloneSignature:
                var standalone = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (standalone.GetKind() == StandaloneSignatureKind.Method)
                {
                    var signature = standalone.DecodeMethodSignature(_provider, null);
                    foreach (var part in signature.ParameterTypes.Insert(0, signature.ReturnType))
                    {
                        ReportShape(part, context);
                    }
                }
                else
                {
                    foreach (var local in standalone.DecodeLocalSignature(_provider, null))
                    {
                        ReportShape(local, context);
                    }
                }

                break;

            default:
                Report(CompatibilityRule.Unsupported, $"uses a {handle.Kind} token 0x{MetadataNames.Token(handle):X8} ({context})");
                break;
        }
    }

    private void CheckAttributes(CustomAttributeHandleCollection attributes, string context)
    {
        foreach (var attributeHandle in attributes)
        {
            var attribute = _reader.GetCustomAttribute(attributeHandle);
            CheckEntity(attribute.Constructor, context);

            string attributeType = AttributeTypeName(attribute);
            bool external = attribute.Constructor.Kind == HandleKind.MemberReference &&
                IsExternalParent(_reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent);
            CustomAttributeValue<SignatureShape> value;
            try
            {
                value = attribute.DecodeValue(_provider);
            }
            catch (Exception exception) when (exception is BadImageFormatException or ArgumentException)
            {
                Report(CompatibilityRule.Unsupported, $"has an attribute {attributeType} whose arguments the guard cannot decode ({exception.Message})");
                continue;
            }

            foreach (var argument in value.FixedArguments.Concat(value.NamedArguments.Select(n => new CustomAttributeTypedArgument<SignatureShape>(n.Type, n.Value))))
            {
                ReportShape(argument.Type, context + " argument");
            }

            if (!external)
            {
                continue;
            }

            // A named argument sets a property or field of a framework attribute: that member must exist too.
            foreach (var named in value.NamedArguments)
            {
                string id = (named.Kind == CustomAttributeNamedArgumentKind.Property ? "P:" : "F:") + attributeType + "." + named.Name;
                _frameworkIds.Add(id);
                if (!_allowList.Allows(id))
                {
                    Report(CompatibilityRule.FrameworkApi, $"sets {id}, which is not in the nanoFramework allow-list ({context})");
                }
            }
        }
    }

    /// <summary>Safety net: every row of the reference and specification tables, wherever it is used.</summary>
    private void CheckTables()
    {
        _inTables = true;
        foreach (var handle in _reader.TypeReferences)
        {
            if (!_reportedAtUse.Contains(handle) &&
                _reader.GetString(_reader.GetTypeReference(handle).Name).Contains('`'))
            {
                _location = FirstUse(handle);
                Report(CompatibilityRule.Generic, $"references the generic type {MetadataNames.TypeName(_reader, handle)}");
            }
        }

        for (int row = 1; row <= _reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            if (!_reportedAtUse.Contains(handle))
            {
                _location = "TypeSpec 0x" + MetadataNames.Token(handle).ToString("X8");
                CheckEntity(handle, "type specification");
            }
        }

        for (int row = 1; row <= _reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var handle = MetadataTokens.MethodSpecificationHandle(row);
            if (!_reportedAtUse.Contains(handle))
            {
                _location = "MethodSpec 0x" + MetadataNames.Token(handle).ToString("X8");
                CheckEntity(handle, "method specification");
            }
        }

        foreach (var handle in _reader.MemberReferences)
        {
            _location = FirstUse(handle);
            CheckEntity(handle, "member reference");
        }

        for (int row = 1; row <= _reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var handle = MetadataTokens.StandaloneSignatureHandle(row);
            if (_reportedAtUse.Contains(handle))
            {
                continue;
            }

            _location = "StandAloneSig 0x" + MetadataNames.Token(handle).ToString("X8");
            CheckEntity(handle, "stand-alone signature");
        }
    }

    /// <summary>Every framework type and member referenced must be in the allow-list.</summary>
    private void CheckFrameworkReferences()
    {
        foreach (var handle in _reader.TypeReferences)
        {
            if (!MetadataNames.IsExternal(_reader, handle))
            {
                continue;
            }

            string id = "T:" + MetadataNames.TypeName(_reader, handle);
            _frameworkIds.Add(id);
            _location = FirstUse(handle);
            if (!_allowList.Allows(id))
            {
                Report(CompatibilityRule.FrameworkApi, $"references {id}, which is not in the nanoFramework allow-list");
            }
        }

        foreach (var handle in _reader.MemberReferences)
        {
            var member = _reader.GetMemberReference(handle);
            _location = FirstUse(handle);
            switch (member.Parent.Kind)
            {
                case HandleKind.TypeReference when !MetadataNames.IsExternal(_reader, (TypeReferenceHandle)member.Parent):
                case HandleKind.TypeDefinition:
                    continue;
                case HandleKind.TypeReference:
                case HandleKind.TypeSpecification:
                    break;
                case HandleKind.MethodDefinition:
                    Report(CompatibilityRule.Unsupported, $"calls {MemberDisplayName(handle)} with a variable argument list (__arglist)");
                    continue;
                default:
                    Report(CompatibilityRule.Unsupported, $"references {MemberDisplayName(handle)} through a {member.Parent.Kind}");
                    continue;
            }

            string id = MemberDocId(handle, out bool parentHasIssues);
            if (parentHasIssues)
            {
                continue; // a member of a generic instance or of a multidimensional array: already reported
            }

            _frameworkIds.Add(id);
            if (!_allowList.Allows(id))
            {
                Report(CompatibilityRule.FrameworkApi, $"references {id}, which is not in the nanoFramework allow-list");
            }
        }
    }

    /// <summary>The member reference as a documentation ID, e.g. M:System.Math.Abs(System.Double).</summary>
    private string MemberDocId(MemberReferenceHandle handle, out bool parentHasIssues)
    {
        var member = _reader.GetMemberReference(handle);
        var parent = ParentShape(member.Parent);
        parentHasIssues = parent.Issues.Length > 0;
        string name = _reader.GetString(member.Name).Replace('.', '#');
        if (member.GetKind() == MemberReferenceKind.Field)
        {
            return "F:" + parent.DocId + "." + name;
        }

        var signature = new MethodShape(member.DecodeMethodSignature(_provider, null));
        if (signature.Signature.GenericParameterCount > 0)
        {
            name += "``" + signature.Signature.GenericParameterCount;
        }

        string id = "M:" + parent.DocId + "." + name + signature.DocIdParameters;
        if (name is "op_Implicit" or "op_Explicit")
        {
            id += "~" + signature.ReturnType.DocId;
        }

        return id;
    }

    private SignatureShape ParentShape(EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => SignatureShape.Simple(MetadataNames.TypeName(_reader, (TypeReferenceHandle)parent)),
        HandleKind.TypeDefinition => SignatureShape.Simple(MetadataNames.TypeName(_reader, (TypeDefinitionHandle)parent)),
        HandleKind.TypeSpecification => _reader.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(_provider, null),
        _ => SignatureShape.Simple(parent.Kind.ToString()),
    };

    private bool IsExternalParent(EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => MetadataNames.IsExternal(_reader, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => true,
        _ => false,
    };

    private string MemberDisplayName(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return MetadataNames.MethodName(_reader, (MethodDefinitionHandle)handle);
            case HandleKind.MemberReference:
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                return ParentShape(member.Parent).Display + "." + _reader.GetString(member.Name);
            default:
                return handle.Kind + " 0x" + MetadataNames.Token(handle).ToString("X8");
        }
    }

    private string AttributeTypeName(CustomAttribute attribute)
    {
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MemberReference:
                return ParentShape(_reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent).DocId;
            case HandleKind.MethodDefinition:
                var method = _reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor);
                return MetadataNames.TypeName(_reader, method.GetDeclaringType());
            default:
                return "?";
        }
    }

    private void ReportShape(SignatureShape shape, string context, bool skipMethodParameters = false, bool skipTypeParameters = false)
    {
        foreach (var issue in shape.Issues)
        {
            if ((skipMethodParameters && issue.Text.StartsWith("uses generic method parameter", StringComparison.Ordinal)) ||
                (skipTypeParameters && issue.Text.StartsWith("uses generic type parameter", StringComparison.Ordinal)))
            {
                continue;
            }

            Report(issue.Rule, $"{issue.Text} ({context})");
        }

        foreach (string primitive in shape.Primitives)
        {
            string id = "T:" + primitive;
            _frameworkIds.Add(id);
            if (!_allowList.Allows(id))
            {
                Report(CompatibilityRule.FrameworkApi, $"uses {id}, which is not in the nanoFramework allow-list ({context})");
            }
        }
    }

    private void NoteUse(EntityHandle handle)
    {
        if (!_inTables && !_firstUse.ContainsKey(handle))
        {
            _firstUse[handle] = _location;
        }
    }

    private string FirstUse(EntityHandle handle) =>
        _firstUse.TryGetValue(handle, out var location) ? location : "metadata only (no use in code, signatures or attributes)";

    private void Report(CompatibilityRule rule, string message)
    {
        // The same finding at the same place is reported once (a member used many times in one method).
        string key = message;
        int paren = message.LastIndexOf(" (", StringComparison.Ordinal);
        if (paren > 0 && message.EndsWith(')'))
        {
            key = message.Substring(0, paren);
        }

        if (_seen.Add((rule, _location, key)))
        {
            _violations.Add(new CompatibilityViolation(rule, _location, message));
        }
    }
}
