using System;
using System.IO;
using Spectre.Console;

namespace Bioreactor.Cli;

/// <summary>
/// Where commands write and what they may ask: normal output and errors (the console, or writers a test supplies), whether
/// a person is at a terminal (prompts, live views, progress bars), the environment variables and the default config file.
/// </summary>
internal sealed class CliConsole
{
    private IAnsiConsole ansi;

    /// <summary>A console for writers: not interactive, the process's environment, the user's config file.</summary>
    public CliConsole(TextWriter output, TextWriter error)
        : this(output, error, interactive: false, System.Environment.GetEnvironmentVariable, Mqtt.ConnectionOptions.DefaultConfigPath())
    {
    }

    /// <summary>A console with every dependency given (tests give their own environment and prompt answers).</summary>
    public CliConsole(TextWriter output, TextWriter error, bool interactive, Func<string, string> environment, string defaultConfigPath)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Environment = environment ?? (_ => null);
        DefaultConfigPath = defaultConfigPath;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>True when a person is at a terminal: reasons may be prompted, watch draws a live table, pull a progress bar.</summary>
    public bool Interactive { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string> Environment { get; }

    /// <summary>The config file read when neither --config nor BIOREACTOR_CONFIG names one; null for none.</summary>
    public string DefaultConfigPath { get; }

    /// <summary>
    /// Answers a prompt (the question is the argument) instead of the terminal; null asks the person at the terminal with
    /// Spectre.Console. Used only when <see cref="Interactive"/>.
    /// </summary>
    public Func<string, string> PromptAnswer { get; init; }

    /// <summary>Spectre.Console on <see cref="Output"/>: the real terminal when interactive, else plain text 250 columns wide.</summary>
    public IAnsiConsole Ansi
    {
        get
        {
            if (ansi == null)
            {
                if (Interactive && PromptAnswer == null)
                {
                    ansi = AnsiConsole.Console;
                }
                else
                {
                    ansi = AnsiConsole.Create(new AnsiConsoleSettings
                    {
                        Out = new AnsiConsoleOutput(Output),
                        Ansi = AnsiSupport.No,
                        ColorSystem = ColorSystemSupport.NoColors,
                        Interactive = InteractionSupport.No,
                    });
                    ansi.Profile.Width = 250;
                }
            }

            return ansi;
        }
    }

    /// <summary>Asks for a line of text (interactive consoles only).</summary>
    public string Ask(string question)
    {
        if (PromptAnswer != null)
        {
            Output.WriteLine(question);
            return PromptAnswer(question);
        }

        return Ansi.Prompt(new TextPrompt<string>(Markup.Escape(question)));
    }
}
