using System.Collections.Generic;
using System.Globalization;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Bioreactor.Simulator;

/// <summary>The simulator's console: a live view of the run while it goes, and its summary at the end.</summary>
public static class ConsoleView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The live view: progress, each loop's measured value, set point and output, the active alarms.</summary>
    public static IRenderable Live(BioreactorController c, Bioreactor.Virtual.VirtualBioreactor board, double elapsedSeconds,
        double durationSeconds, double speedRatio, string stepName)
    {
        double progress = System.Math.Min(1.0, elapsedSeconds / durationSeconds);

        var header = new Markup("[bold]Virtual bioreactor[/]  " + Escape(string.Create(Invariant,
            $"{SimulationOptions.FormatElapsed(elapsedSeconds)} of {SimulationOptions.FormatElapsed(durationSeconds)}"
            + $"  ({progress * 100:F0} %, {speedRatio:F0}× real time)  {stepName}")));

        var loops = new Table().Border(TableBorder.Rounded).Expand();
        loops.AddColumn("loop");
        loops.AddColumn(new TableColumn("measured").RightAligned());
        loops.AddColumn(new TableColumn("set point").RightAligned());
        loops.AddColumn(new TableColumn("output").RightAligned());
        loops.AddColumn(new TableColumn("true plant").RightAligned());
        loops.AddColumn("state");
        if (!board.IsPowered)
        {
            loops.AddRow("all", "—", "—", "—", "—", "[red]power cut: firmware stopped[/]");
        }
        else
        {
            loops.AddRow("liquid °C", F(c.LiquidReading.Value, 2), F(c.Temperature.LiquidSetPointCelsius, 2),
                "plate SP " + F(c.Temperature.PlateSetPointCelsius, 2), F(board.TrueLiquidCelsius, 3), Mode(c.Temperature.Mode));
            loops.AddRow("plate °C", F(c.PlateReading.Value, 2), F(c.Temperature.PlateSetPointCelsius, 2),
                "heater " + P(c.HeaterDutyFraction) + (board.HeaterIsOn ? " on" : " off"), F(board.TruePlateCelsius, 3), "");
            loops.AddRow("CO2 %", F(c.Co2Reading.Value, 2), F(c.Co2.SetPointPercent, 2),
                "valve " + P(c.ValveDutyFraction) + (board.ValveIsOpen ? " open" : " closed"), F(board.TrueCo2Percent, 3),
                c.Co2.Suspended ? "suspended (door)" : "");
            var trajectory = c.Rocking.Trajectory;
            loops.AddRow("rocking",
                c.HasRockingEstimate ? F(c.Rocking.MeasuredRateRpm, 2) + " rpm / " + F(c.Rocking.MeasuredAmplitudeDegrees, 2) + "°" : "—",
                trajectory.CommandedRateRpm == 0 ? "static" : F(trajectory.CommandedRateRpm, 1) + " rpm / " + F(trajectory.CommandedAmplitudeDegrees, 1) + "°",
                "speed " + F(c.Rocking.SpeedCommandDegreesPerSecond, 1) + " °/s", "angle " + F(board.TrueAngleDegrees, 2) + "°",
                c.Rocking.Mode == RockingLoopMode.Running ? "" : Escape(RockingMode(c.Rocking.Mode)));
        }

        var alarms = new Table().Border(TableBorder.Rounded).Expand().Title("alarms");
        alarms.AddColumn("alarm");
        alarms.AddColumn("priority");
        alarms.AddColumn("state");
        int shown = 0;
        for (int i = 0; i < AlarmCatalog.Count; i++)
        {
            var id = (AlarmId)i;
            AlarmState state = c.Alarms.GetState(id);
            if (state == AlarmState.Normal)
            {
                continue;
            }

            shown++;
            string colour = state == AlarmState.UnacknowledgedActive ? "red" : state == AlarmState.AcknowledgedActive ? "yellow" : "grey";
            alarms.AddRow($"[{colour}]{Escape(AlarmCatalog.Describe(id))}[/]",
                AlarmCatalog.PriorityName(c.Alarms.GetDefinition(id).Priority), AlarmCatalog.StateName(state));
        }

        if (shown == 0)
        {
            alarms.AddRow("[green]none[/]", "", "");
        }

        return new Rows(header, loops, alarms);
    }

    /// <summary>The end-of-run summary.</summary>
    /// <param name="s">The run's figures.</param>
    /// <param name="elapsedSeconds">Simulated seconds run.</param>
    /// <param name="wallSeconds">Wall seconds taken.</param>
    /// <param name="restarts">Power cuts survived.</param>
    /// <param name="transitions">The alarm transitions, or null when they went to the batch record instead.</param>
    public static IRenderable Summary(RunStatistics s, double elapsedSeconds, double wallSeconds, int restarts,
        IReadOnlyList<AlarmTransition> transitions)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("summary (true plant values)");
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("simulated time", SimulationOptions.FormatElapsed(elapsedSeconds));
        table.AddRow("wall time", F(wallSeconds, 1) + " s (" + F(elapsedSeconds / System.Math.Max(wallSeconds, 1e-9), 0) + "× real time)");
        table.AddRow("liquid within ±0.1 °C", Fraction(s.Temperature.TightFraction, s.Temperature.Samples));
        table.AddRow("liquid within ±0.2 °C", Fraction(s.Temperature.WideFraction, s.Temperature.Samples));
        table.AddRow("liquid largest deviation above / below", F(s.Temperature.MaximumAbove, 3) + " / " + F(s.Temperature.MaximumBelow, 3) + " °C");
        table.AddRow("CO2 within ±0.1 %", Fraction(s.Co2.TightFraction, s.Co2.Samples));
        table.AddRow("CO2 within ±0.2 %", Fraction(s.Co2.WideFraction, s.Co2.Samples));
        table.AddRow("CO2 largest deviation above / below", F(s.Co2.MaximumAbove, 3) + " / " + F(s.Co2.MaximumBelow, 3) + " %");
        table.AddRow("rocking tracking error (RMS)", s.Rocking.Samples > 0 ? F(s.Rocking.RootMeanSquare, 3) + "°" : "not rocking");
        table.AddRow("heater duty / valve duty", P(s.HeaterDutyFraction) + " / " + P(s.ValveDutyFraction));
        table.AddRow("power cuts survived", restarts.ToString(Invariant));
        if (transitions == null)
        {
            return table;
        }

        table.AddRow("alarm transitions", transitions.Count.ToString(Invariant));

        var alarms = new Table().Border(TableBorder.Rounded).Title("alarms raised");
        alarms.AddColumn("time");
        alarms.AddColumn("alarm");
        alarms.AddColumn("transition");
        int raised = 0;
        foreach (AlarmTransition t in transitions)
        {
            if (t.Kind != AlarmTransitionKind.Raised)
            {
                continue;
            }

            if (++raised > 30)
            {
                continue;
            }

            alarms.AddRow(F(t.TimeMilliseconds / 1000.0, 1) + " s (board)", Escape(AlarmCatalog.Describe(t.Id)),
                AlarmCatalog.StateName(t.From) + " → " + AlarmCatalog.StateName(t.To));
        }

        if (raised == 0)
        {
            alarms.AddRow("", "[green]none[/]", "");
        }
        else if (raised > 30)
        {
            alarms.AddRow("", $"… and {raised - 30} more", "");
        }

        return new Rows(table, alarms);
    }

    private static string Fraction(double fraction, long samples) =>
        samples == 0 ? "never reached" : string.Create(Invariant, $"{fraction * 100:F2} % of {samples} ticks");

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(Invariant), Invariant);

    private static string P(double fraction) => (fraction * 100).ToString("F0", Invariant) + " %";

    private static string Escape(string text) => Markup.Escape(text);

    private static string Mode(TemperatureLoopMode mode) => mode switch
    {
        TemperatureLoopMode.Normal => "",
        TemperatureLoopMode.PlateOnlyFallback => "[yellow]plate-only fallback[/]",
        TemperatureLoopMode.HeaterOff => "[red]heater off (probe fault)[/]",
        _ => "?",
    };

    private static string RockingMode(RockingLoopMode mode) => mode switch
    {
        RockingLoopMode.Suspended => "suspended (door)",
        RockingLoopMode.Faulted => "stopped (sensor fault)",
        _ => "",
    };
}
