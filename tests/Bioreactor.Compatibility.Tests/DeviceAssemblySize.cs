using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Bioreactor.Compatibility.Tests;

/// <summary>What the metadata processor is estimated to make of one assembly, in bytes.</summary>
/// <param name="Assembly">The assembly's name.</param>
/// <param name="StringBytes">The string table: every distinct name and literal, UTF-8, each with its terminating zero.</param>
/// <param name="BytecodeBytes">The bytecode table: every method body with its exception handlers.</param>
public sealed record DeviceAssemblySize(string Assembly, int StringBytes, int BytecodeBytes)
{
    /// <summary>
    /// The budget of every device assembly for each table: three quarters of the 65,535 bytes a 16-bit offset reaches
    /// (nf-interpreter src/CLR/Include/nanoCLR_Types.h: CLR_STRING, CLR_OFFSET and CLR_SIG are 16-bit), so that a
    /// quarter of the runtime's limit is left for growth.
    /// </summary>
    public const int BudgetBytes = 48 * 1024;

    /// <summary>True when both tables are within <see cref="BudgetBytes"/>.</summary>
    public bool WithinBudget => StringBytes <= BudgetBytes && BytecodeBytes <= BudgetBytes;

    public override string ToString() =>
        $"{Assembly}: strings {StringBytes:N0} B ({Percent(StringBytes)} of the budget), " +
        $"bytecode {BytecodeBytes:N0} B ({Percent(BytecodeBytes)}); budget {BudgetBytes:N0} B each";

    private static string Percent(int bytes) => (100.0 * bytes / BudgetBytes).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// Estimates the tables of the nanoFramework image (.pe) of a compiled assembly from its ECMA-335 metadata.
    /// </summary>
    /// <remarks>
    /// The metadata processor (nanoframework/metadata-processor) writes one string table per assembly holding the
    /// names of its type, field and method definitions, of the types and members it references, the namespaces and
    /// assembly names, and its string literals; parameter names, properties and events have no table of their own on
    /// nanoFramework (properties and events become their accessor methods). Strings the runtime already knows (its
    /// built-in table of common names such as "System" or ".ctor") are not stored again, so this estimate is a little
    /// high. Method bodies keep their IL with each metadata token shortened from 4 to 2 bytes (nanoFramework's
    /// tokens are 16-bit), plus 8 bytes per exception handler clause.
    /// </remarks>
    public static DeviceAssemblySize Estimate(Stream image)
    {
        using var pe = new PEReader(image, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
        var reader = pe.GetMetadataReader();
        var strings = new HashSet<string>(StringComparer.Ordinal);

        string assemblyName = reader.GetString(reader.GetAssemblyDefinition().Name);
        strings.Add(assemblyName);
        foreach (var handle in reader.AssemblyReferences)
        {
            strings.Add(reader.GetString(reader.GetAssemblyReference(handle).Name));
        }

        foreach (var handle in reader.TypeReferences)
        {
            var type = reader.GetTypeReference(handle);
            strings.Add(reader.GetString(type.Name));
            strings.Add(reader.GetString(type.Namespace));
        }

        foreach (var handle in reader.MemberReferences)
        {
            strings.Add(reader.GetString(reader.GetMemberReference(handle).Name));
        }

        int bytecode = 0;
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            strings.Add(reader.GetString(type.Name));
            strings.Add(reader.GetString(type.Namespace));
            foreach (var field in type.GetFields())
            {
                strings.Add(reader.GetString(reader.GetFieldDefinition(field).Name));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                strings.Add(reader.GetString(method.Name));
                if (method.RelativeVirtualAddress != 0)
                {
                    bytecode += MethodBytecode(pe.GetMethodBody(method.RelativeVirtualAddress), reader, strings);
                }
            }
        }

        strings.Remove(string.Empty);
        int stringBytes = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
        return new DeviceAssemblySize(assemblyName, stringBytes, bytecode);
    }

    /// <summary>One method body's bytes on nanoFramework; adds its string literals to <paramref name="strings"/>.</summary>
    private static int MethodBytecode(MethodBodyBlock body, MetadataReader reader, HashSet<string> strings)
    {
        var il = body.GetILReader();
        int size = 0;
        while (il.RemainingBytes > 0)
        {
            int first = il.ReadByte();
            short value = first == 0xFE ? unchecked((short)(0xFE00 | il.ReadByte())) : (short)first;
            OpCode opCode = NanoFrameworkCompatibilityGuard.OpCodesByValue[value];
            size += opCode.Size;
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.ReadByte();
                    size += 1;
                    break;
                case OperandType.InlineVar:
                    il.ReadInt16();
                    size += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.ReadInt64();
                    size += 8;
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    for (int i = 0; i < targets; i++)
                    {
                        il.ReadInt32();
                    }

                    size += 4 + 4 * targets;
                    break;
                case OperandType.InlineString:
                    int token = il.ReadInt32();
                    strings.Add(reader.GetUserString(MetadataTokens.UserStringHandle(token & 0xFFFFFF)));
                    size += 2;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                case OperandType.InlineSig:
                    il.ReadInt32();
                    size += 2;
                    break;
                default:
                    il.ReadInt32();
                    size += 4;
                    break;
            }
        }

        return size + 8 * body.ExceptionRegions.Length;
    }
}
