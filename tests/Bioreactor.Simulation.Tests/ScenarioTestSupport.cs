using System;
using System.Collections.Generic;
using System.Globalization;
using Bioreactor.Simulator.Bench;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Runs the bench's scenarios (firmware/Bioreactor.Simulator/Bench) on shorter runs and reads their figures by name,
/// so the closed-loop tests and the benchmark measure the same way. Every message names the seed.
/// </summary>
internal static class ScenarioTestSupport
{
    /// <summary>The seed of every closed-loop test (the bench's default).</summary>
    public const int Seed = 1;

    /// <summary>The figures of one scenario run for one controller, looked up by name.</summary>
    public sealed class Figures
    {
        private readonly ScenarioDefinition definition;
        private readonly FigureValue[] values;

        public Figures(ScenarioDefinition definition, FigureValue[] values, int seed, BenchController controller)
        {
            this.definition = definition;
            this.values = values;
            Seed = seed;
            Controller = controller;
        }

        public int Seed { get; }

        public BenchController Controller { get; }

        public FigureValue[] Values => values;

        /// <summary>The figure whose name starts with <paramref name="nameStart"/>.</summary>
        public FigureValue this[string nameStart]
        {
            get
            {
                for (int i = 0; i < definition.Figures.Length; i++)
                {
                    if (definition.Figures[i].Name.StartsWith(nameStart, StringComparison.Ordinal))
                    {
                        return values[i];
                    }
                }

                throw new ArgumentException("no figure '" + nameStart + "' in scenario " + definition.Key);
            }
        }

        /// <summary>The number of a figure; fails the test (naming the seed) when it has none ("never", "n/a").</summary>
        public double Number(string nameStart)
        {
            FigureValue v = this[nameStart];
            Assert.IsTrue(v.HasValue, $"{Where(nameStart)}: no number ({v.Format(3)})");
            return v.Value;
        }

        /// <summary>Asserts value ≤ limit.</summary>
        public void AtMost(string nameStart, double limit)
        {
            double v = Number(nameStart);
            Assert.IsTrue(v <= limit, $"{Where(nameStart)} = {F(v)}, expected ≤ {F(limit)}");
        }

        /// <summary>Asserts value ≥ limit.</summary>
        public void AtLeast(string nameStart, double limit)
        {
            double v = Number(nameStart);
            Assert.IsTrue(v >= limit, $"{Where(nameStart)} = {F(v)}, expected ≥ {F(limit)}");
        }

        /// <summary>Asserts |value − centre| ≤ tolerance.</summary>
        public void Within(string nameStart, double centre, double tolerance)
        {
            double v = Number(nameStart);
            Assert.IsTrue(Math.Abs(v - centre) <= tolerance, $"{Where(nameStart)} = {F(v)}, expected {F(centre)} ± {F(tolerance)}");
        }

        /// <summary>Where a figure comes from, for failure messages.</summary>
        public string Where(string nameStart) => $"{definition.Key} / {BenchRunner.Name(Controller)} / '{nameStart}' (seed {Seed})";

        private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>The scenario of <paramref name="scenarios"/> whose case is <paramref name="name"/>; null when there is none.</summary>
    public static ScenarioDefinition Find(IEnumerable<ScenarioDefinition> scenarios, string name)
    {
        foreach (ScenarioDefinition d in scenarios)
        {
            if (d.Case == name)
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>Runs a scenario on the default rig for one controller.</summary>
    public static Figures Run(ScenarioDefinition definition, BenchController controller = BenchController.ThisController, int seed = Seed) =>
        new(definition, BenchRunner.RunOne(definition, controller, PlantParameters.CreateDefault(), seed), seed, controller);
}
