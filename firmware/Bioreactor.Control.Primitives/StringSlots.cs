namespace Bioreactor.Control.Primitives
{
    /// <summary>String arrays whose every slot is written.</summary>
    public static class StringSlots
    {
        /// <summary>
        /// A string array with every slot "" (never null): on nanoCLR a null element of a string[] compares non-null when
        /// read back, and a never-written slot compared with a string can crash the interpreter.
        /// </summary>
        public static string[] Empty(int length)
        {
            var strings = new string[length];
            for (int i = 0; i < length; i++)
            {
                strings[i] = string.Empty;
            }

            return strings;
        }
    }
}
