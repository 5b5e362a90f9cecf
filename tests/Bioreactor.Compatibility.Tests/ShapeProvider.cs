using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Bioreactor.Compatibility.Tests;

/// <summary>
/// Decodes signatures into <see cref="SignatureShape"/>s, recording generic instantiations, generic parameters,
/// multidimensional arrays, pointers and the like as issues. Every TypeReference met while decoding is reported
/// to <see cref="TypeReferenceSeen"/> so that the guard knows where each framework type is used.
/// </summary>
internal sealed class ShapeProvider : ISignatureTypeProvider<SignatureShape, object>, ICustomAttributeTypeProvider<SignatureShape>
{
    private readonly MetadataReader _reader;

    public ShapeProvider(MetadataReader reader)
    {
        _reader = reader;
    }

    /// <summary>Called for every TypeReference decoded.</summary>
    public Action<TypeReferenceHandle> TypeReferenceSeen { get; set; } = _ => { };

    public SignatureShape GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        string name = typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Void => "System.Void",
            _ => "primitive#" + (int)typeCode,
        };

        if (typeCode == PrimitiveTypeCode.Void)
        {
            return SignatureShape.Simple(name);
        }

        var issues = typeCode == PrimitiveTypeCode.TypedReference
            ? ImmutableArray.Create(new ShapeIssue(CompatibilityRule.Pointer, "uses the byref-like type System.TypedReference"))
            : ImmutableArray<ShapeIssue>.Empty;
        return new SignatureShape(name, name, issues, ImmutableArray.Create(name));
    }

    public SignatureShape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        SignatureShape.Simple(MetadataNames.TypeName(reader, handle));

    public SignatureShape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        TypeReferenceSeen(handle);
        return SignatureShape.Simple(MetadataNames.TypeName(reader, handle));
    }

    public SignatureShape GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SignatureShape GetSZArrayType(SignatureShape elementType) => elementType.Wrap("[]", "[]");

    public SignatureShape GetArrayType(SignatureShape elementType, ArrayShape shape)
    {
        string docDims = string.Join(",", Enumerable.Range(0, shape.Rank).Select(i =>
        {
            int lower = i < shape.LowerBounds.Length ? shape.LowerBounds[i] : 0;
            return i < shape.Sizes.Length ? $"{lower}:{lower + shape.Sizes[i] - 1}" : $"{lower}:";
        }));
        string display = "[" + new string(',', Math.Max(0, shape.Rank - 1)) + "]";
        return elementType.Wrap(
            "[" + docDims + "]",
            display,
            new ShapeIssue(CompatibilityRule.MultidimensionalArray, $"uses the multidimensional array {elementType.Display}{display}"));
    }

    public SignatureShape GetByReferenceType(SignatureShape elementType) => elementType.Wrap("@", "&");

    public SignatureShape GetPointerType(SignatureShape elementType) =>
        elementType.Wrap("*", "*", new ShapeIssue(CompatibilityRule.Pointer, $"uses the pointer type {elementType.Display}*"));

    public SignatureShape GetFunctionPointerType(MethodSignature<SignatureShape> signature)
    {
        var parts = signature.ParameterTypes.Insert(0, signature.ReturnType).ToArray();
        string display = "delegate*<" + string.Join(", ", parts.Skip(1).Concat(parts.Take(1)).Select(p => p.Display)) + ">";
        return SignatureShape.Combine(
            "=FUNC:" + display,
            display,
            new ShapeIssue(CompatibilityRule.Pointer, $"uses the function pointer type {display}"),
            parts);
    }

    public SignatureShape GetGenericInstantiation(SignatureShape genericType, ImmutableArray<SignatureShape> typeArguments)
    {
        string docId = StripArity(genericType.DocId) + "{" + string.Join(",", typeArguments.Select(a => a.DocId)) + "}";
        string display = genericType.Display + "<" + string.Join(", ", typeArguments.Select(a => a.Display)) + ">";
        return SignatureShape.Combine(
            docId,
            display,
            new ShapeIssue(CompatibilityRule.Generic, $"instantiates the generic type {display}"),
            typeArguments.Insert(0, genericType).ToArray());
    }

    public SignatureShape GetGenericMethodParameter(object genericContext, int index) =>
        new("``" + index, "!!" + index,
            ImmutableArray.Create(new ShapeIssue(CompatibilityRule.Generic, $"uses generic method parameter !!{index}")),
            ImmutableArray<string>.Empty);

    public SignatureShape GetGenericTypeParameter(object genericContext, int index) =>
        new("`" + index, "!" + index,
            ImmutableArray.Create(new ShapeIssue(CompatibilityRule.Generic, $"uses generic type parameter !{index}")),
            ImmutableArray<string>.Empty);

    public SignatureShape GetModifiedType(SignatureShape modifier, SignatureShape unmodifiedType, bool isRequired) =>
        SignatureShape.Combine(unmodifiedType.DocId, unmodifiedType.Display, null, unmodifiedType, modifier);

    public SignatureShape GetPinnedType(SignatureShape elementType) =>
        elementType.Wrap(string.Empty, " pinned", new ShapeIssue(CompatibilityRule.Pointer, $"pins a local of type {elementType.Display} (fixed statement)"));

    // ICustomAttributeTypeProvider: only used to decode attribute arguments.
    public SignatureShape GetSystemType() => SignatureShape.Simple("System.Type");

    public bool IsSystemType(SignatureShape type) => type.DocId == "System.Type";

    public SignatureShape GetTypeFromSerializedName(string name) => SignatureShape.Simple(name ?? "null");

    public PrimitiveTypeCode GetUnderlyingEnumType(SignatureShape type)
    {
        // An enum defined in the inspected assembly: read the type of its value__ field.
        foreach (var handle in _reader.TypeDefinitions)
        {
            if (MetadataNames.TypeName(_reader, handle) != type.DocId)
            {
                continue;
            }

            foreach (var fieldHandle in _reader.GetTypeDefinition(handle).GetFields())
            {
                var field = _reader.GetFieldDefinition(fieldHandle);
                if ((field.Attributes & System.Reflection.FieldAttributes.Static) == 0)
                {
                    var shape = field.DecodeSignature(this, null);
                    return shape.DocId switch
                    {
                        "System.Byte" => PrimitiveTypeCode.Byte,
                        "System.SByte" => PrimitiveTypeCode.SByte,
                        "System.Int16" => PrimitiveTypeCode.Int16,
                        "System.UInt16" => PrimitiveTypeCode.UInt16,
                        "System.UInt32" => PrimitiveTypeCode.UInt32,
                        "System.Int64" => PrimitiveTypeCode.Int64,
                        "System.UInt64" => PrimitiveTypeCode.UInt64,
                        _ => PrimitiveTypeCode.Int32,
                    };
                }
            }
        }

        // Framework enums used in attribute arguments (DebuggingModes, AttributeTargets, ...) are all Int32-based.
        return PrimitiveTypeCode.Int32;
    }

    private static string StripArity(string name)
    {
        int tick = name.LastIndexOf('`');
        return tick > 0 ? name.Substring(0, tick) : name;
    }
}

/// <summary>Names of metadata entities in documentation-ID form (nested types joined with '.').</summary>
internal static class MetadataNames
{
    public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        string name = reader.GetString(type.Name);
        if (type.IsNested)
        {
            return TypeName(reader, type.GetDeclaringType()) + "." + name;
        }

        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        string name = reader.GetString(type.Name);
        if (!type.ResolutionScope.IsNil && type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeName(reader, (TypeReferenceHandle)type.ResolutionScope) + "." + name;
        }

        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>
    /// True when the reference resolves to the framework: outside the inspected module and outside the project's own
    /// device assemblies (named <see cref="OwnAssemblyPrefix"/>…), which the guard inspects one by one themselves.
    /// </summary>
    public static bool IsExternal(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (!scope.IsNil && scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        if (!scope.IsNil && scope.Kind == HandleKind.AssemblyReference)
        {
            string assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
            return !assembly.StartsWith(OwnAssemblyPrefix, StringComparison.Ordinal);
        }

        return scope.IsNil || scope.Kind == HandleKind.ModuleReference;
    }

    /// <summary>The name prefix of the project's own assemblies.</summary>
    public const string OwnAssemblyPrefix = "Bioreactor.";

    public static string MethodName(MetadataReader reader, MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        return TypeName(reader, method.GetDeclaringType()) + "." + reader.GetString(method.Name);
    }

    public static string FieldName(MetadataReader reader, FieldDefinitionHandle handle)
    {
        var field = reader.GetFieldDefinition(handle);
        return TypeName(reader, field.GetDeclaringType()) + "." + reader.GetString(field.Name);
    }

    public static int Token(EntityHandle handle) => MetadataTokens.GetToken(handle);
}
