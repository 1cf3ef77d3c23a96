"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports2) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message) {
        super(message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message) {
        super(1, "commander.invalidArgument", message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports2.CommanderError = CommanderError2;
    exports2.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports2) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports2.Argument = Argument2;
    exports2.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports2) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions.sort(this.compareOptions);
        }
        return globalOptions;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args ? " " + args : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items2, helper) {
        if (items2.length === 0) return [];
        return [helper.styleTitle(heading), ...items2, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str2) {
        return stripColor(str2).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str2) {
        return str2;
      }
      styleUsage(str2) {
        return str2.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleOptionDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleSubcommandDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleArgumentDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleDescriptionText(str2) {
        return str2;
      }
      styleOptionTerm(str2) {
        return this.styleOptionText(str2);
      }
      styleSubcommandTerm(str2) {
        return str2.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str2) {
        return this.styleArgumentText(str2);
      }
      styleOptionText(str2) {
        return str2;
      }
      styleArgumentText(str2) {
        return str2;
      }
      styleSubcommandText(str2) {
        return str2;
      }
      styleCommandText(str2) {
        return str2;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str2) {
        return /\n[^\S\r\n]/.test(str2);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str2, width) {
        if (width < this.minWidthToWrap) return str2;
        const rawLines = str2.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str2) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str2.replace(sgrPattern, "");
    }
    exports2.Help = Help2;
    exports2.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports2) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key) => {
          if (this.positiveOptions.has(key)) {
            this.dualOptions.add(key);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str2) {
      return str2.split("-").reduce((str3, word) => {
        return str3 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports2.Option = Option2;
    exports2.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports2) {
    var maxDistance = 3;
    function editDistance2(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance2(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports2.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports2) {
    var EventEmitter = require("node:events").EventEmitter;
    var childProcess = require("node:child_process");
    var path = require("node:path");
    var fs6 = require("node:fs");
    var process2 = require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str2) => process2.stdout.write(str2),
          writeErr: (str2) => process2.stderr.write(str2),
          outputError: (str2, write2) => write2(str2),
          getOutHelpWidth: () => process2.stdout.isTTY ? process2.stdout.columns : void 0,
          getErrHelpWidth: () => process2.stderr.isTTY ? process2.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process2.stdout.isTTY && process2.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process2.stderr.isTTY && process2.stderr.hasColors?.()),
          stripColor: (str2) => stripColor(str2)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args) cmd.arguments(args);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail) => {
          this.argument(detail);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message));
        }
        process2.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target, value, previous, invalidArgumentMessage) {
        try {
          return target.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message = `${invalidArgumentMessage} ${err.message}`;
            this.error(message, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key) {
        if (this._storeOptionsAsProperties) {
          return this[key];
        }
        return this._optionValues[key];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key, value) {
        return this.setOptionValueWithSource(key, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key] = value;
        } else {
          this._optionValues[key] = value;
        }
        this._optionValueSources[key] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key) {
        return this._optionValueSources[key];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key) !== void 0) {
            source = cmd.getOptionValueSource(key);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process2.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process2.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process2.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process2.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs6.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args) {
        args = args.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path.resolve(baseDir, baseName);
          if (fs6.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs6.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs6.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path.resolve(
            path.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path.basename(
              this._scriptPath,
              path.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path.extname(executableFile));
        let proc;
        if (process2.platform !== "win32") {
          if (launchWithNode) {
            args.unshift(executableFile);
            args = incrementNodeInspectorPort(process2.execArgv).concat(args);
            proc = childProcess.spawn(process2.argv[0], args, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args.unshift(executableFile);
          args = incrementNodeInspectorPort(process2.execArgv).concat(args);
          proc = childProcess.spawn(process2.execPath, args, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process2.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process2.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process2.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args.length || activeGroup) {
          const arg = activeGroup ?? args[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args.length && (!maybeOption(args[i]) || negativeNumberArg(args[i]))) {
                  value = args[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key = this.options[i].attributeName();
            result[key] = key === this._versionOptionName ? this._version : this[key];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message, errorOptions) {
        this._outputConfiguration.outputError(
          `${message}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process2.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process2.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message = `error: missing required argument '${name}'`;
        this.error(message, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message = `error: option '${option.flags}' argument missing`;
        this.error(message, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message = `error: required option '${option.flags}' not specified`;
        this.error(message, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target) => target.negate && optionKey === target.attributeName()
          );
          const positiveOption = this.options.find(
            (target) => !target.negate && optionKey === target.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag, candidateFlags);
        }
        const message = `error: unknown option '${flag}'${suggestion}`;
        this.error(message, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str2, flags, description) {
        if (str2 === void 0) return this._version;
        this._version = str2;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str2}
`);
          this._exit(0, "commander.version", str2);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str2, argsDescription) {
        if (str2 === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str2;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str2) {
        if (str2 === void 0) return this._summary;
        this._summary = str2;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str2) {
        if (str2 === void 0) {
          if (this._usage) return this._usage;
          const args = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args : []
          ).join(" ");
        }
        this._usage = str2;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str2) {
        if (str2 === void 0) return this._name;
        this._name = str2;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path.basename(filename, path.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path2) {
        if (path2 === void 0) return this._executableDir;
        this._executableDir = path2;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text = helper.formatHelp(this, helper);
        if (context.hasColors) return text;
        return this._outputConfiguration.stripColor(text);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str2) => this._outputConfiguration.writeErr(str2);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str2) => this._outputConfiguration.writeOut(str2);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write2 = (str2) => {
          if (!hasColors) str2 = this._outputConfiguration.stripColor(str2);
          return baseWrite(str2);
        };
        return { error, write: write2, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process2.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text === "function") {
            helpStr = text({ error: context.error, command: context.command });
          } else {
            helpStr = text;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args) {
      return args.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match;
        if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match[1];
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match[1];
          if (/^\d+$/.test(match[3])) {
            debugPort = match[3];
          } else {
            debugHost = match[3];
          }
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match[1];
          debugHost = match[3];
          debugPort = match[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process2.env.NO_COLOR || process2.env.FORCE_COLOR === "0" || process2.env.FORCE_COLOR === "false")
        return false;
      if (process2.env.FORCE_COLOR || process2.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports2.Command = Command2;
    exports2.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports2) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports2.program = new Command2();
    exports2.createCommand = (name) => new Command2(name);
    exports2.createOption = (flags, description) => new Option2(flags, description);
    exports2.createArgument = (name, description) => new Argument2(name, description);
    exports2.Command = Command2;
    exports2.Option = Option2;
    exports2.Argument = Argument2;
    exports2.Help = Help2;
    exports2.CommanderError = CommanderError2;
    exports2.InvalidArgumentError = InvalidArgumentError2;
    exports2.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// src/model/objects.ts
function reportedDown(node) {
  return node.deleting || node.ready?.status !== "True" || node.taints.some((t) => NODE_DOWN_TAINTS.includes(t));
}
var ANNOTATION_POOL, ANNOTATION_EGRESS_IP, ANNOTATION_LAST_MOVE, ANNOTATION_POOL_TERMS, HOSTNAME_LABEL, AGENT_NOT_READY_TAINT, NODE_DOWN_TAINTS;
var init_objects = __esm({
  "src/model/objects.ts"() {
    "use strict";
    ANNOTATION_POOL = "cilium-egress-ha/pool";
    ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
    ANNOTATION_LAST_MOVE = "cilium-egress-ha/last-move";
    ANNOTATION_POOL_TERMS = "cilium-egress-ha/pool-terms";
    HOSTNAME_LABEL = "kubernetes.io/hostname";
    AGENT_NOT_READY_TAINT = "node.cilium.io/agent-not-ready";
    NODE_DOWN_TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
  }
});

// src/protocol/projection-checks.ts
function isObject2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
function readyProblem(ready) {
  if (ready === null) return null;
  if (!isObject2(ready)) return `ready is ${describe(ready)}, expected an object or null`;
  if (ready.status !== null && typeof ready.status !== "string") return "ready.status is not a string";
  if (ready.since !== null && typeof ready.since !== "string") return "ready.since is not a string";
  return null;
}
function validateNodeProjection(v) {
  if (!isObject2(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (typeof v.unschedulable !== "boolean") return "unschedulable is not a boolean";
  if (!isObject2(v.labels) || Object.values(v.labels).some((l) => typeof l !== "string")) {
    return "labels is not an object of strings";
  }
  if (!Array.isArray(v.taints) || v.taints.some((t) => typeof t !== "string")) {
    return "taints is not a list of strings";
  }
  const ready = readyProblem(v.ready);
  if (ready) return ready;
  if (v.egressIP !== null && typeof v.egressIP !== "string") return "egressIP is not a string";
  if (v.agentTaintAdded !== void 0 && v.agentTaintAdded !== null && typeof v.agentTaintAdded !== "string")
    return "agentTaintAdded is not a string";
  if (v.address !== void 0 && v.address !== null && typeof v.address !== "string") return "address is not a string";
  return v;
}
function validateLeaseProjection(v) {
  if (!isObject2(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.renewTime !== null && typeof v.renewTime !== "string") return "renewTime is not a string";
  if (v.durationSeconds !== null && typeof v.durationSeconds !== "number") return "durationSeconds is not a number";
  return v;
}
function validateAgentProjection(v) {
  if (!isObject2(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.node !== null && typeof v.node !== "string") return "node is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  const ready = readyProblem(v.ready);
  if (ready) return ready;
  return v;
}
function validateInventoryProjection(v) {
  if (!isObject2(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.hostname !== null && v.hostname !== void 0 && typeof v.hostname !== "string")
    return "hostname is not a string";
  if (v.down !== void 0 && typeof v.down !== "boolean") return "down is not a boolean";
  return {
    name: v.name,
    hostname: typeof v.hostname === "string" ? v.hostname : null,
    ...v.down === true ? { down: true } : {}
  };
}
function validatePolicyProjection(v) {
  if (!isObject2(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.pool !== null && typeof v.pool !== "string") return "pool annotation is not a string";
  if (v.uid !== void 0 && v.uid !== null && typeof v.uid !== "string") return "uid is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (!("egressGateway" in v) || !("egressGateways" in v)) return "egressGateway/egressGateways keys are missing";
  if (v.lastMove !== void 0 && v.lastMove !== null && typeof v.lastMove !== "string")
    return "lastMove is not a string";
  if (v.poolTerms !== void 0 && v.poolTerms !== null && typeof v.poolTerms !== "string")
    return "poolTerms is not a string";
  if (v.hasAnnotations !== void 0 && typeof v.hasAnnotations !== "boolean") return "hasAnnotations is not a boolean";
  return v;
}
var init_projection_checks = __esm({
  "src/protocol/projection-checks.ts"() {
    "use strict";
  }
});

// src/protocol/projections.ts
function field(obj, ...path) {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return null;
    cur = cur[key];
  }
  return cur === void 0 ? null : cur;
}
function codepointCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function internalIP(node) {
  const addresses = field(node, "status", "addresses");
  if (!Array.isArray(addresses)) return null;
  for (const a of addresses) {
    const address = field(a, "address");
    if (field(a, "type") === "InternalIP" && typeof address === "string") return address;
  }
  return null;
}
function projectNode(node) {
  const taintList = field(node, "spec", "taints");
  const taints = Array.isArray(taintList) ? [...new Set(taintList.map((t) => field(t, "key")).filter((k) => typeof k === "string"))] : [];
  taints.sort(codepointCompare);
  const labels = field(node, "metadata", "labels");
  const conditions = field(node, "status", "conditions");
  const readyCondition = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : void 0;
  const annotation = field(node, "metadata", "annotations", ANNOTATION_EGRESS_IP);
  const agentTaint = Array.isArray(taintList) ? taintList.find((t) => field(t, "key") === AGENT_NOT_READY_TAINT && typeof field(t, "timeAdded") === "string") : void 0;
  return {
    name: field(node, "metadata", "name"),
    deleting: field(node, "metadata", "deletionTimestamp") !== null,
    unschedulable: field(node, "spec", "unschedulable") === true,
    labels: labels ?? {},
    taints,
    agentTaintAdded: agentTaint === void 0 ? null : field(agentTaint, "timeAdded"),
    ready: readyCondition === void 0 ? null : {
      status: field(readyCondition, "status"),
      since: field(readyCondition, "lastTransitionTime")
    },
    egressIP: annotation,
    address: internalIP(node)
  };
}
function projectPolicy(policy) {
  return {
    name: field(policy, "metadata", "name"),
    uid: field(policy, "metadata", "uid"),
    pool: field(policy, "metadata", "annotations", ANNOTATION_POOL),
    deleting: field(policy, "metadata", "deletionTimestamp") !== null,
    egressGateway: field(policy, "spec", "egressGateway"),
    egressGateways: field(policy, "spec", "egressGateways"),
    lastMove: field(policy, "metadata", "annotations", ANNOTATION_LAST_MOVE),
    poolTerms: field(policy, "metadata", "annotations", ANNOTATION_POOL_TERMS),
    hasAnnotations: field(policy, "metadata", "annotations") !== null
  };
}
function projectLease(lease) {
  return {
    name: field(lease, "metadata", "name"),
    renewTime: field(lease, "spec", "renewTime"),
    durationSeconds: field(lease, "spec", "leaseDurationSeconds")
  };
}
function projectAgent(pod) {
  const conditions = field(pod, "status", "conditions");
  const ready = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : void 0;
  return {
    name: field(pod, "metadata", "name"),
    node: field(pod, "spec", "nodeName"),
    deleting: field(pod, "metadata", "deletionTimestamp") !== null,
    ready: ready === void 0 ? null : {
      status: field(ready, "status"),
      since: field(ready, "lastTransitionTime")
    }
  };
}
function projectInventory(node) {
  const hostname2 = field(node, "metadata", "labels", HOSTNAME_LABEL);
  return {
    name: field(node, "metadata", "name"),
    hostname: hostname2,
    down: reportedDown(projectNode(node))
  };
}
function projectEvidence(o) {
  return { name: field(o, "metadata", "name"), spec: field(o, "spec") ?? null };
}
var NODE_JQ_FILTER, POLICY_JQ_FILTER, LEASE_JQ_FILTER, AGENT_JQ_FILTER, INVENTORY_JQ_FILTER, EVIDENCE_JQ_FILTER;
var init_projections = __esm({
  "src/protocol/projections.ts"() {
    "use strict";
    init_objects();
    init_objects();
    NODE_JQ_FILTER = [
      "{",
      "name: .metadata.name,",
      "deleting: (.metadata.deletionTimestamp != null),",
      "unschedulable: (.spec.unschedulable == true),",
      "labels: (.metadata.labels // {}),",
      "taints: ([.spec.taints[]?.key | strings] | unique),",
      `agentTaintAdded: ([.spec.taints[]? | select(.key == "${AGENT_NOT_READY_TAINT}") | .timeAdded | strings] | .[0]),`,
      'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0]),',
      `egressIP: .metadata.annotations["${ANNOTATION_EGRESS_IP}"],`,
      'address: ([.status.addresses[]? | select(.type == "InternalIP") | .address | strings] | .[0])',
      "}"
    ].join(" ");
    POLICY_JQ_FILTER = [
      "{",
      "name: .metadata.name,",
      "uid: .metadata.uid,",
      `pool: .metadata.annotations["${ANNOTATION_POOL}"],`,
      "deleting: (.metadata.deletionTimestamp != null),",
      "egressGateway: .spec.egressGateway,",
      "egressGateways: .spec.egressGateways,",
      `lastMove: .metadata.annotations["${ANNOTATION_LAST_MOVE}"],`,
      `poolTerms: .metadata.annotations["${ANNOTATION_POOL_TERMS}"],`,
      "hasAnnotations: (.metadata.annotations != null)",
      "}"
    ].join(" ");
    LEASE_JQ_FILTER = [
      "{",
      "name: .metadata.name,",
      "renewTime: .spec.renewTime,",
      "durationSeconds: .spec.leaseDurationSeconds",
      "}"
    ].join(" ");
    AGENT_JQ_FILTER = [
      "{",
      "name: .metadata.name,",
      "node: .spec.nodeName,",
      "deleting: (.metadata.deletionTimestamp != null),",
      'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0])',
      "}"
    ].join(" ");
    INVENTORY_JQ_FILTER = [
      "{",
      "name: .metadata.name,",
      `hostname: .metadata.labels["${HOSTNAME_LABEL}"],`,
      "down: ((.metadata.deletionTimestamp != null)",
      'or (([.status.conditions[]? | select(.type == "Ready") | .status] | .[0]) != "True")',
      `or any(.spec.taints[]?.key; ${NODE_DOWN_TAINTS.map((t) => `. == "${t}"`).join(" or ")}))`,
      "}"
    ].join(" ");
    EVIDENCE_JQ_FILTER = "{name: .metadata.name, spec: .spec}";
  }
});

// src/protocol/binding-context.ts
function nodeBindingName(pool) {
  return `${NODE_BINDING_PREFIX}${pool}`;
}
function readItems(items2, where, validate, project, problems) {
  if (!Array.isArray(items2))
    throw new ContractError(`${where} is ${describe(items2)}, expected an array`, "context-shape");
  const out = [];
  items2.forEach((item, i) => {
    const at = `${where}[${i}]`;
    if (!isObject2(item)) {
      problems.push({ where: at, message: `expected an object, got ${describe(item)}` });
      return;
    }
    let value = item.filterResult;
    if ((value === void 0 || value === null) && isObject2(item.object)) value = project(item.object);
    if (value === void 0) {
      problems.push({ where: at, message: "has neither filterResult nor object" });
      return;
    }
    const checked = validate(value);
    if (typeof checked === "string") {
      const name = isObject2(value) && typeof value.name === "string" ? ` (${value.name})` : "";
      problems.push({ where: `${at}.filterResult${name}`, message: checked });
      return;
    }
    out.push(checked);
  });
  return out;
}
function parseBindingContext(doc, pools, required = { leases: false, agents: false }) {
  if (!Array.isArray(doc)) {
    throw new ContractError(
      `the binding context is ${describe(doc)}, expected a JSON array of contexts`,
      "context-shape"
    );
  }
  const problems = [];
  const contexts = [];
  const snaps = /* @__PURE__ */ Object.create(null);
  const from = /* @__PURE__ */ Object.create(null);
  let withSnapshots = 0;
  let onlyTicks = true;
  doc.forEach((ctx, i) => {
    if (!isObject2(ctx))
      throw new ContractError(`contexts[${i}] is ${describe(ctx)}, expected an object`, "context-shape");
    const binding = typeof ctx.binding === "string" ? ctx.binding : "";
    const type = typeof ctx.type === "string" ? ctx.type : "onStartup";
    if (!KNOWN_TYPES.has(type)) problems.push({ where: `contexts[${i}].type`, message: `unknown type "${type}"` });
    const summary = { binding, type };
    if (typeof ctx.watchEvent === "string") summary.watchEvent = ctx.watchEvent;
    contexts.push(summary);
    if (ctx.snapshots !== void 0) {
      if (!isObject2(ctx.snapshots)) {
        throw new ContractError(
          `contexts[${i}].snapshots is ${describe(ctx.snapshots)}, expected an object`,
          "context-shape"
        );
      }
      withSnapshots++;
      if (type !== "Schedule") onlyTicks = false;
      for (const key of Object.keys(ctx.snapshots)) {
        snaps[key] = ctx.snapshots[key];
        from[key] = `contexts[${i}].snapshots`;
      }
    }
  });
  if (doc.length === 0) return { contexts, snapshot: null, policiesKnown: false, problems };
  if (withSnapshots === 0) {
    throw new ContractError(
      "no context carries snapshots; the hook's bindings must share one group (was the context recorded with this hook's --config?)",
      "no-snapshots"
    );
  }
  const where = (key) => from[key] ?? `contexts[${doc.length - 1}].snapshots`;
  const poolNames = pools ?? Object.keys(snaps).filter((k) => k.startsWith(NODE_BINDING_PREFIX)).map((k) => k.slice(NODE_BINDING_PREFIX.length)).sort();
  const poolNodes = /* @__PURE__ */ new Map();
  for (const pool of poolNames) {
    const key = nodeBindingName(pool);
    if (!(key in snaps)) {
      const present = Object.keys(snaps).join(", ") || "none";
      throw new ContractError(
        `no context has a "${key}" snapshot for pool "${pool}" (snapshots present: ${present}); the context was recorded with another pool configuration`,
        "snapshot-missing"
      );
    }
    poolNodes.set(
      pool,
      readItems(snaps[key], `${where(key)}["${key}"]`, validateNodeProjection, projectNode, problems)
    );
  }
  const policiesKnown = POLICY_BINDING in snaps;
  if (!policiesKnown && !onlyTicks) {
    throw new ContractError(`no context has a "${POLICY_BINDING}" snapshot`, "snapshot-missing");
  }
  const policies = policiesKnown ? readItems(
    snaps[POLICY_BINDING],
    `${where(POLICY_BINDING)}["${POLICY_BINDING}"]`,
    validatePolicyProjection,
    projectPolicy,
    problems
  ) : [];
  const optional = (key, needed, validate, project) => {
    if (!(key in snaps)) {
      if (needed)
        throw new ContractError(
          `no context has a "${key}" snapshot, which the enabled ${key} signal needs`,
          "snapshot-missing"
        );
      return null;
    }
    return readItems(snaps[key], `${where(key)}["${key}"]`, validate, project, problems);
  };
  const leases = optional(LEASE_BINDING, required.leases, validateLeaseProjection, projectLease);
  const agents = optional(AGENT_BINDING, required.agents, validateAgentProjection, projectAgent);
  const inventory = optional(
    INVENTORY_BINDING,
    required.inventory ?? false,
    validateInventoryProjection,
    projectInventory
  );
  return {
    contexts,
    snapshot: { pools: poolNodes, policies, leases, agents, inventory },
    policiesKnown,
    problems
  };
}
var POLICY_BINDING, NODE_BINDING_PREFIX, RESYNC_BINDING, REFRESH_BINDING, LEASE_BINDING, AGENT_BINDING, INVENTORY_BINDING, EVIDENCE_BINDING, ContractError, KNOWN_TYPES;
var init_binding_context = __esm({
  "src/protocol/binding-context.ts"() {
    "use strict";
    init_projection_checks();
    init_projections();
    init_projection_checks();
    POLICY_BINDING = "policies";
    NODE_BINDING_PREFIX = "nodes-";
    RESYNC_BINDING = "resync";
    REFRESH_BINDING = "refresh";
    LEASE_BINDING = "leases";
    AGENT_BINDING = "agents";
    INVENTORY_BINDING = "hostnames";
    EVIDENCE_BINDING = "probe-evidence";
    ContractError = class extends Error {
      constructor(message, code = "contract") {
        super(message);
        this.code = code;
      }
      code;
      name = "ContractError";
    };
    KNOWN_TYPES = /* @__PURE__ */ new Set(["Synchronization", "Event", "Group", "Schedule", "onStartup"]);
  }
});

// src/model/evidence.ts
function parseNode(v, at) {
  if (typeof v !== "object" || v === null) throw new Error(`${at} is not an object`);
  const o = v;
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  if (typeof o.verdict !== "string" || !VERDICTS.includes(o.verdict))
    throw new Error(`${at}.verdict is not one of ${VERDICTS.join(", ")}`);
  for (const k of ["since", "lastSilence", "lastRefusal"])
    if (!isTime(o[k] ?? null)) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  if (!isCount(o.failures ?? 0)) throw new Error(`${at}.failures is not a whole number`);
  return {
    node: o.node,
    verdict: o.verdict,
    since: o.since ?? null,
    failures: o.failures ?? 0,
    lastSilence: o.lastSilence ?? null,
    lastRefusal: o.lastRefusal ?? null
  };
}
function parseLease(v, at) {
  const o = typeof v === "object" && v !== null ? v : {};
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  for (const k of ["renewTime", "seenAt"])
    if (typeof o[k] !== "string" || !isTime(o[k])) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  return { node: o.node, renewTime: o.renewTime, seenAt: o.seenAt };
}
function parseEvidence(v) {
  if (typeof v !== "object" || v === null) throw new Error("spec is not an object");
  const o = v;
  if (typeof o.changed !== "string" || Number.isNaN(Date.parse(o.changed)))
    throw new Error("spec.changed is not an RFC 3339 time");
  for (const k of ["intervalMs", "timeoutMs", "failures"])
    if (!isCount(o[k])) throw new Error(`spec.${k} is not a whole number`);
  if (!Array.isArray(o.nodes)) throw new Error("spec.nodes is not a list");
  const leases = o.leases ?? [];
  if (!Array.isArray(leases)) throw new Error("spec.leases is not a list");
  return {
    changed: o.changed,
    intervalMs: o.intervalMs,
    timeoutMs: o.timeoutMs,
    failures: o.failures,
    nodes: o.nodes.map((n, i) => parseNode(n, `spec.nodes[${i}]`)),
    leases: leases.map((l, i) => parseLease(l, `spec.leases[${i}]`))
  };
}
function parseHeartbeat(text) {
  try {
    const o = JSON.parse(text);
    if (typeof o.at !== "string" || Number.isNaN(Date.parse(o.at)) || typeof o.published !== "boolean") return null;
    const leases = o.leases ?? "off";
    if (typeof leases !== "string" || !LEASE_WATCH.includes(leases)) return null;
    const blind = o.blind ?? false;
    if (typeof blind !== "boolean") return null;
    return { at: o.at, published: o.published, leases, blind };
  } catch {
    return null;
  }
}
function serializeTargets(targets) {
  const sorted = [...targets].sort((a, b) => a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
  return `${JSON.stringify(sorted.map((t) => ({ node: t.node, address: t.address })))}
`;
}
var EVIDENCE_GROUP, EVIDENCE_VERSION, EVIDENCE_KIND, EVIDENCE_LABEL, EVIDENCE_LABEL_VALUE, VERDICTS, isTime, isCount, HEARTBEAT_FILE, TARGETS_FILE, TICK_GATE_FILE, LEASE_WATCH;
var init_evidence = __esm({
  "src/model/evidence.ts"() {
    "use strict";
    EVIDENCE_GROUP = "cilium-egress-ha.io";
    EVIDENCE_VERSION = "v1alpha1";
    EVIDENCE_KIND = "ProbeEvidence";
    EVIDENCE_LABEL = "cilium-egress-ha.io/evidence";
    EVIDENCE_LABEL_VALUE = "probe";
    VERDICTS = ["up", "silent", "refused"];
    isTime = (v) => v === null || typeof v === "string" && !Number.isNaN(Date.parse(v));
    isCount = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0;
    HEARTBEAT_FILE = "heartbeat.json";
    TARGETS_FILE = "targets.json";
    TICK_GATE_FILE = "tick-gate";
    LEASE_WATCH = ["watching", "off", "down"];
  }
});

// src/protocol/hook-config.ts
function buildHookConfig(settings) {
  const common = {
    group: BINDING_GROUP,
    queue: settings.queue,
    keepFullObjectsInMemory: false
  };
  if (settings.resyncIntervalSeconds > 0) common.allowFailure = true;
  const config = {
    configVersion: "v1",
    kubernetes: [
      ...settings.pools.map((pool) => ({
        name: nodeBindingName(pool.name),
        apiVersion: "v1",
        kind: "Node",
        labelSelector: pool.selector,
        jqFilter: NODE_JQ_FILTER,
        ...common
      })),
      {
        name: POLICY_BINDING,
        apiVersion: "cilium.io/v2",
        kind: "CiliumEgressGatewayPolicy",
        jqFilter: POLICY_JQ_FILTER,
        ...common
      },
      {
        // Every node, projected to its name, hostname label and whether it is reported down: a
        // heartbeat does not change the projection; a label change or a node going down (rare) does.
        name: INVENTORY_BINDING,
        apiVersion: "v1",
        kind: "Node",
        jqFilter: INVENTORY_JQ_FILTER,
        ...common
      }
    ]
  };
  const kubernetes = config.kubernetes;
  if (settings.leaseSignal) {
    kubernetes.push({
      name: LEASE_BINDING,
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: { nameSelector: { matchNames: [NODE_LEASE_NAMESPACE] } },
      jqFilter: LEASE_JQ_FILTER,
      // Every kubelet renews every 10 s: keep the snapshot current, but never run on it. A dead
      // node sends no event anyway; the schedule binding evaluates staleness.
      executeHookOnEvent: [],
      executeHookOnSynchronization: false,
      ...common
    });
  }
  if (settings.agentSignal) {
    kubernetes.push({
      name: AGENT_BINDING,
      apiVersion: "v1",
      kind: "Pod",
      namespace: { nameSelector: { matchNames: [settings.agentNamespace] } },
      labelSelector: settings.agentSelector,
      jqFilter: AGENT_JQ_FILTER,
      ...common
    });
  }
  if (settings.prober) {
    kubernetes.push({
      name: EVIDENCE_BINDING,
      apiVersion: `${EVIDENCE_GROUP}/${EVIDENCE_VERSION}`,
      kind: EVIDENCE_KIND,
      namespace: { nameSelector: { matchNames: [settings.prober.namespace] } },
      labelSelector: { matchLabels: { [EVIDENCE_LABEL]: EVIDENCE_LABEL_VALUE } },
      jqFilter: EVIDENCE_JQ_FILTER,
      ...common
    });
  }
  if (settings.resyncIntervalSeconds > 0) {
    config.schedule = [
      {
        name: RESYNC_BINDING,
        crontab: `@every ${settings.resyncIntervalSeconds}s`,
        includeSnapshotsFrom: kubernetes.map((b) => b.name).filter((name) => name !== POLICY_BINDING),
        queue: settings.queue,
        allowFailure: true
      },
      {
        name: REFRESH_BINDING,
        crontab: `@every ${Math.max(settings.prober ? PROBER_REFRESH_SECONDS : FULL_REFRESH_SECONDS, settings.resyncIntervalSeconds)}s`,
        group: BINDING_GROUP,
        queue: settings.queue,
        allowFailure: true
      }
    ];
  }
  return config;
}
var NODE_LEASE_NAMESPACE, BINDING_GROUP, FULL_REFRESH_SECONDS, PROBER_REFRESH_SECONDS;
var init_hook_config = __esm({
  "src/protocol/hook-config.ts"() {
    "use strict";
    init_evidence();
    init_binding_context();
    init_projections();
    NODE_LEASE_NAMESPACE = "kube-node-lease";
    BINDING_GROUP = "cilium-egress-ha";
    FULL_REFRESH_SECONDS = 60;
    PROBER_REFRESH_SECONDS = 300;
  }
});

// src/io/probe.ts
var probe_exports = {};
__export(probe_exports, {
  probeNodes: () => probeNodes,
  probeRound: () => probeRound
});
function connect2(address, port, timeoutMs, http) {
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host: address, port });
    const finish = (a) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish("silent"), timeoutMs);
    socket.once("connect", () => {
      if (!http) return finish("open");
      socket.once("data", () => finish("open"));
      socket.write(`GET /hello HTTP/1.0\r
Host: ${net.isIPv6(address) ? `[${address}]` : address}\r
\r
`);
    });
    socket.once("error", (err) => finish(err.code === "ECONNREFUSED" ? "refused" : "silent"));
  });
}
async function attempt(address, s) {
  const answers = await Promise.all(s.ports.map((p) => connect2(address, p, s.timeoutMs, s.mode === "http")));
  return answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
}
async function probeOne(t, s, clock) {
  let silent = 0;
  let silentSince = null;
  for (let i = 0; i < s.attempts; i++) {
    const start = clock();
    const answer = await attempt(t.address, s);
    if (answer !== "silent") return { node: t.node, answer, silent: 0, silentSince: null, rttMs: clock() - start };
    silent++;
    silentSince ??= start;
  }
  return { node: t.node, answer: "silent", silent, silentSince, rttMs: null };
}
function probeRound(targets, s, attemptsOf, clock = Date.now) {
  return Promise.all(
    targets.filter((t) => net.isIP(t.address) !== 0).map(async (t) => {
      const start = clock();
      let rttMs = null;
      const answers = await Promise.all(
        Array.from({ length: Math.max(1, attemptsOf(t.node)) }, async () => {
          const a = await attempt(t.address, s);
          if (a !== "silent") rttMs ??= clock() - start;
          return a;
        })
      );
      const answer = answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
      return { node: t.node, answer, rttMs };
    })
  );
}
function probeNodes(targets, s, clock = Date.now) {
  return Promise.all(targets.filter((t) => net.isIP(t.address) !== 0).map((t) => probeOne(t, s, clock)));
}
var net;
var init_probe = __esm({
  "src/io/probe.ts"() {
    "use strict";
    net = __toESM(require("node:net"), 1);
  }
});

// src/kube/capture.ts
var capture_exports = {};
__export(capture_exports, {
  captureContext: () => captureContext
});
function nameOf(obj) {
  const name = obj?.metadata?.name;
  return typeof name === "string" ? name : "";
}
function sortedByName(objs) {
  return [...objs].sort((a, b) => nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);
}
function items(objs, project) {
  return sortedByName(objs).map((o) => ({ filterResult: project(o) }));
}
function captureContext(settings, objects) {
  const snapshots = {};
  for (const pool of settings.pools) {
    snapshots[nodeBindingName(pool.name)] = items(objects.nodesByPool.get(pool.name) ?? [], projectNode);
  }
  snapshots[POLICY_BINDING] = items(objects.policies, projectPolicy);
  snapshots[INVENTORY_BINDING] = items(objects.allNodes, projectInventory);
  if (objects.leases !== null) snapshots[LEASE_BINDING] = items(objects.leases, projectLease);
  if (objects.agents !== null) snapshots[AGENT_BINDING] = items(objects.agents, projectAgent);
  return [{ binding: POLICY_BINDING, groupName: BINDING_GROUP, snapshots, type: "Group" }];
}
var init_capture = __esm({
  "src/kube/capture.ts"() {
    "use strict";
    init_binding_context();
    init_hook_config();
    init_projections();
  }
});

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports2) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports2.ALIAS = ALIAS;
    exports2.DOC = DOC;
    exports2.MAP = MAP;
    exports2.NODE_TYPE = NODE_TYPE;
    exports2.PAIR = PAIR;
    exports2.SCALAR = SCALAR;
    exports2.SEQ = SEQ;
    exports2.hasAnchor = hasAnchor;
    exports2.isAlias = isAlias;
    exports2.isCollection = isCollection;
    exports2.isDocument = isDocument;
    exports2.isMap = isMap;
    exports2.isNode = isNode;
    exports2.isPair = isPair;
    exports2.isScalar = isScalar;
    exports2.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports2.visit = visit;
    exports2.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports2.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports2.anchorIsValid = anchorIsValid;
    exports2.anchorNames = anchorNames;
    exports2.createNodeAnchors = createNodeAnchors;
    exports2.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports2) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports2.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports2) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports2.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports2) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports2.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports2) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports2.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports2.Scalar = Scalar;
    exports2.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports2) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports2.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports2) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports2.Collection = Collection;
    exports2.collectionFromPath = collectionFromPath;
    exports2.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports2) {
    "use strict";
    var stringifyComment = (str2) => str2.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str2, indent, comment) => str2.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str2.endsWith(" ") ? "" : " ") + comment;
    exports2.indentComment = indentComment;
    exports2.lineComment = lineComment;
    exports2.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports2) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports2.FOLD_BLOCK = FOLD_BLOCK;
    exports2.FOLD_FLOW = FOLD_FLOW;
    exports2.FOLD_QUOTED = FOLD_QUOTED;
    exports2.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str2) => /^(%|---|\.\.\.)/m.test(str2);
    function lineLengthOverLimit(str2, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str2.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str2[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str2 = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str2 += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str2 += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str2 += "\\0";
                    break;
                  case "0007":
                    str2 += "\\a";
                    break;
                  case "000b":
                    str2 += "\\v";
                    break;
                  case "001b":
                    str2 += "\\e";
                    break;
                  case "0085":
                    str2 += "\\N";
                    break;
                  case "00a0":
                    str2 += "\\_";
                    break;
                  case "2028":
                    str2 += "\\L";
                    break;
                  case "2029":
                    str2 += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str2 += "\\x" + code.substr(2);
                    else
                      str2 += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str2 += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str2 += "\n";
                  i += 2;
                }
                str2 += indent;
                if (json[i + 2] === " ")
                  str2 += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str2 = start ? str2 + json.slice(start) : json;
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str2 = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str2);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports2.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports2) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str2 = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str2;
      return identity.isScalar(node) || str2[0] === "{" || str2[0] === "[" ? `${props} ${str2}` : `${props}
${ctx.indent}${str2}`;
    }
    exports2.createStringifyContext = createStringifyContext;
    exports2.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str2 = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str2.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str2 === "" ? "?" : explicitKey ? `? ${str2}` : str2;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str2 = `? ${str2}`;
        if (keyComment && !keyCommentDone) {
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str2;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        str2 = `? ${str2}
${indent}:`;
      } else {
        str2 = `${str2}:`;
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str2.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str2 += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str2;
    }
    exports2.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports2) {
    "use strict";
    var node_process = require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports2.debug = debug;
    exports2.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports2.addMergeToJSMap = addMergeToJSMap;
    exports2.isMergeKey = isMergeKey;
    exports2.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports2) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports2.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports2) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports2.Pair = Pair;
    exports2.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items: items2 }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items2.length; ++i) {
        const item = items2[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str3 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str3 += stringifyComment.lineComment(str3, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str3);
      }
      let str2;
      if (lines.length === 0) {
        str2 = flowChars.start + flowChars.end;
      } else {
        str2 = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str2 += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str2 += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str2;
    }
    function stringifyFlowCollection({ items: items2 }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items2.length; ++i) {
        const item = items2[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str2 = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str2.includes("\n"));
        if (i < items2.length - 1) {
          str2 += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str2.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str2 += ",";
          }
        }
        if (comment)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment));
        lines.push(str2);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str2 = start;
          for (const line of lines)
            str2 += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str2}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports2.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports2) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items2, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items2) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports2.YAMLMap = YAMLMap;
    exports2.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports2.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports2) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports2.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports2.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports2) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str2) => str2,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports2.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports2.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str2) => new Scalar.Scalar(str2[0] === "t" || str2[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports2.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports2) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports2.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2));
        const dot = str2.indexOf(".");
        if (dot !== -1 && str2[str2.length - 1] === "0")
          node.minFractionDigits = str2.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports2.float = float;
    exports2.floatExp = floatExp;
    exports2.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports2) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str2, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports2.int = int;
    exports2.intHex = intHex;
    exports2.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports2) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool2.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports2.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str2) => str2,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str2) => str2 === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str2, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str2) => parseFloat(str2),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str2, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str2)}`);
        return str2;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports2.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports2) {
    "use strict";
    var node_buffer = require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str2 = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str2.length);
          for (let i = 0; i < str2.length; ++i)
            buffer[i] = str2.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str2;
        if (typeof node_buffer.Buffer === "function") {
          str2 = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str2 = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str2.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str2.substr(o, lineWidth);
          }
          str2 = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str2 }, ctx, onComment, onChompKeep);
      }
    };
    exports2.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports2.createPairs = createPairs;
    exports2.pairs = pairs;
    exports2.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports2.YAMLOMap = YAMLOMap;
    exports2.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports2.falseTag = falseTag;
    exports2.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2.replace(/_/g, "")));
        const dot = str2.indexOf(".");
        if (dot !== -1) {
          const f = str2.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports2.float = float;
    exports2.floatExp = floatExp;
    exports2.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports2) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str2, offset, radix, { intAsBigInt }) {
      const sign = str2[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str2 = str2.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str2 = `0b${str2}`;
            break;
          case 8:
            str2 = `0o${str2}`;
            break;
          case 16:
            str2 = `0x${str2}`;
            break;
        }
        const n2 = BigInt(str2);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str2, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str2 = value.toString(radix);
        return value < 0 ? "-" + prefix + str2.substr(1) : prefix + str2;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports2.int = int;
    exports2.intBin = intBin;
    exports2.intHex = intHex;
    exports2.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports2.YAMLSet = YAMLSet;
    exports2.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports2) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str2, asBigInt) {
      const sign = str2[0];
      const parts = sign === "-" || sign === "+" ? str2.substring(1) : str2;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str2, _onError, { intAsBigInt }) => parseSexagesimal(str2, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str2) => parseSexagesimal(str2, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str2) {
        const match = str2.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports2.floatTime = floatTime;
    exports2.intTime = intTime;
    exports2.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports2) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool2 = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool2.trueTag,
      bool2.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports2.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports2) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool2.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports2.coreKnownTags = coreKnownTags;
    exports2.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports2.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports2.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports2) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports2.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports2) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports2.YAMLError = YAMLError;
    exports2.YAMLParseError = YAMLParseError;
    exports2.YAMLWarning = YAMLWarning;
    exports2.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports2) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports2.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports2) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports2.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports2) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports2.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports2) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items2, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items2.some((pair) => isEqual(pair.key, search));
    }
    exports2.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports2) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports2.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports2) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports2.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports2) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports2.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports2.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports2.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports2.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports2) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports2.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports2) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports2.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports2) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports2.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports2) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports2.composeEmptyNode = composeEmptyNode;
    exports2.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports2) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports2.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports2) {
    "use strict";
    var node_process = require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports2.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports2) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports2.createScalarToken = createScalarToken;
    exports2.resolveAsScalar = resolveAsScalar;
    exports2.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports2) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports2.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports2) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field2, index] of path) {
        const tok = item?.[field2];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field2 = path[path.length - 1][0];
      const coll = parent?.[field2];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field2 of ["key", "value"]) {
        const token = item[field2];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field2, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field2 === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports2.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports2) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports2.createScalarToken = cstScalar.createScalarToken;
    exports2.resolveAsScalar = cstScalar.resolveAsScalar;
    exports2.setScalarValue = cstScalar.setScalarValue;
    exports2.stringify = cstStringify.stringify;
    exports2.visit = cstVisit.visit;
    exports2.BOM = BOM;
    exports2.DOCUMENT = DOCUMENT;
    exports2.FLOW_END = FLOW_END;
    exports2.SCALAR = SCALAR;
    exports2.isCollection = isCollection;
    exports2.isScalar = isScalar;
    exports2.prettyToken = prettyToken;
    exports2.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports2) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports2.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports2) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports2.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports2) {
    "use strict";
    var node_process = require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list2, type) {
      for (let i = 0; i < list2.length; ++i)
        if (list2[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list2) {
      for (let i = 0; i < list2.length; ++i) {
        switch (list2[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs6 = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs6, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs6);
              } else {
                Object.assign(it, { key: fs6, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs6 = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs6, sep: [] });
              else if (it.sep)
                this.stack.push(fs6);
              else
                Object.assign(it, { key: fs6, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports2.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports2) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports2.parse = parse;
    exports2.parseAllDocuments = parseAllDocuments;
    exports2.parseDocument = parseDocument;
    exports2.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports2) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports2.Composer = composer.Composer;
    exports2.Document = Document.Document;
    exports2.Schema = Schema.Schema;
    exports2.YAMLError = errors.YAMLError;
    exports2.YAMLParseError = errors.YAMLParseError;
    exports2.YAMLWarning = errors.YAMLWarning;
    exports2.Alias = Alias.Alias;
    exports2.isAlias = identity.isAlias;
    exports2.isCollection = identity.isCollection;
    exports2.isDocument = identity.isDocument;
    exports2.isMap = identity.isMap;
    exports2.isNode = identity.isNode;
    exports2.isPair = identity.isPair;
    exports2.isScalar = identity.isScalar;
    exports2.isSeq = identity.isSeq;
    exports2.Pair = Pair.Pair;
    exports2.Scalar = Scalar.Scalar;
    exports2.YAMLMap = YAMLMap.YAMLMap;
    exports2.YAMLSeq = YAMLSeq.YAMLSeq;
    exports2.CST = cst;
    exports2.Lexer = lexer.Lexer;
    exports2.LineCounter = lineCounter.LineCounter;
    exports2.Parser = parser.Parser;
    exports2.parse = publicApi.parse;
    exports2.parseAllDocuments = publicApi.parseAllDocuments;
    exports2.parseDocument = publicApi.parseDocument;
    exports2.stringify = publicApi.stringify;
    exports2.visit = visit.visit;
    exports2.visitAsync = visit.visitAsync;
  }
});

// src/cli/commands.ts
var commands_exports = {};
__export(commands_exports, {
  buildProgram: () => buildProgram,
  runCli: () => runCli
});
module.exports = __toCommonJS(commands_exports);
var import_promises = require("node:fs/promises");

// node_modules/commander/esm.mjs
var import_index = __toESM(require_commander(), 1);
var {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError,
  // deprecated old name
  Command,
  Argument,
  Option,
  Help
} = import_index.default;

// src/config/env.ts
var ENV = {
  pools: "EGRESS_HA_POOLS",
  cordonDrains: "EGRESS_HA_CORDON_DRAINS",
  recoveryDelay: "EGRESS_HA_RECOVERY_DELAY",
  extraBlockingTaints: "EGRESS_HA_EXTRA_BLOCKING_TAINTS",
  resyncInterval: "EGRESS_HA_RESYNC_INTERVAL",
  dryRun: "EGRESS_HA_DRY_RUN",
  logLevel: "EGRESS_HA_LOG_LEVEL",
  runTimeout: "EGRESS_HA_RUN_TIMEOUT",
  queue: "EGRESS_HA_QUEUE",
  leaseSignal: "EGRESS_HA_LEASE_SIGNAL",
  leaseStaleAfter: "EGRESS_HA_LEASE_STALE_AFTER",
  agentSignal: "EGRESS_HA_AGENT_SIGNAL",
  agentNamespace: "EGRESS_HA_AGENT_NAMESPACE",
  agentSelector: "EGRESS_HA_AGENT_SELECTOR",
  agentGrace: "EGRESS_HA_AGENT_GRACE",
  events: "EGRESS_HA_EVENTS",
  eventLimit: "EGRESS_HA_EVENT_LIMIT",
  policyMetrics: "EGRESS_HA_POLICY_METRICS",
  probe: "EGRESS_HA_PROBE",
  probePorts: "EGRESS_HA_PROBE_PORTS",
  probeTimeout: "EGRESS_HA_PROBE_TIMEOUT",
  probeFailures: "EGRESS_HA_PROBE_FAILURES",
  probeWindow: "EGRESS_HA_PROBE_WINDOW",
  probeMode: "EGRESS_HA_PROBE_MODE",
  stateFile: "EGRESS_HA_STATE_FILE",
  prober: "EGRESS_HA_PROBER",
  proberInterval: "EGRESS_HA_PROBER_INTERVAL",
  proberTimeout: "EGRESS_HA_PROBER_TIMEOUT",
  proberFailures: "EGRESS_HA_PROBER_FAILURES",
  proberConfirm: "EGRESS_HA_PROBER_CONFIRM",
  proberNamespace: "EGRESS_HA_PROBER_NAMESPACE",
  proberDir: "EGRESS_HA_PROBER_DIR",
  proberStale: "EGRESS_HA_PROBER_STALE",
  proberMetricsPort: "EGRESS_HA_PROBER_METRICS_PORT"
};
var SettingsError = class extends Error {
  name = "SettingsError";
};
var DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s)/gy;
var UNIT_SECONDS = { h: 3600, m: 60, s: 1, ms: 1e-3 };
function parseDurationSeconds(text) {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "") return null;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  let consumed = 0;
  for (let m = DURATION_PART.exec(t); m !== null; m = DURATION_PART.exec(t)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? "s"] ?? 1);
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === t.length ? total : null;
}
var MAX_DURATION_SECONDS = 24 * 24 * 3600;
function duration(env, name, fallback, min) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const seconds2 = parseDurationSeconds(raw);
  if (seconds2 === null) throw new SettingsError(`${name}: "${raw}" is not a duration (examples: 30s, 2m, 90)`);
  if (seconds2 < min) throw new SettingsError(`${name}: ${raw} is below the minimum of ${min}s`);
  if (seconds2 > MAX_DURATION_SECONDS) throw new SettingsError(`${name}: ${raw} is above the maximum of 24 days`);
  return seconds2;
}
function bool(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new SettingsError(`${name}: "${raw}" is not a boolean (use true or false)`);
}
function wholeNumber(env, name, fallback, min, max) {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new SettingsError(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  return n;
}

// src/config/combinations.ts
var RUN_WORK_SECONDS = 5;
var seconds = (ms) => `${Math.round(ms) / 1e3}s`;
function refuseUnworkable(s) {
  const tickDriven = [];
  if (s.probe) tickDriven.push(ENV.probe);
  if (s.leaseSignal) tickDriven.push(ENV.leaseSignal);
  if (s.resyncIntervalSeconds === 0 && tickDriven.length > 0) {
    throw new SettingsError(
      `${ENV.resyncInterval}: 0 turns off the resync tick, which ${tickDriven.join(" and ")} ${tickDriven.length === 1 ? "needs" : "need"} (a dead node sends no event); set an interval, or turn ${tickDriven.length === 1 ? "it" : "them"} off`
    );
  }
  if (s.probe) {
    const probingMs = s.probe.failures * s.probe.timeoutMs;
    const deadlineMs = Math.round(s.runTimeoutSeconds * 1e3);
    if (probingMs + RUN_WORK_SECONDS * 1e3 > deadlineMs) {
      throw new SettingsError(
        `${ENV.probeFailures} \xD7 ${ENV.probeTimeout}: ${s.probe.failures} \xD7 ${seconds(s.probe.timeoutMs)} = ${seconds(probingMs)} of probing a silent node, plus ${RUN_WORK_SECONDS}s for the run's own work, does not fit in ${ENV.runTimeout} (${seconds(deadlineMs)}): every tick with a silent node would end at the deadline; lower the probe's failures or timeout, or raise the run timeout`
      );
    }
  }
}

// src/config/label-selector.ts
var SelectorError = class extends Error {
  name = "SelectorError";
};
var NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
var PREFIX_PART = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
var VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
function isLabelKey(key) {
  const slash = key.lastIndexOf("/");
  if (slash === -1) return NAME_PART.test(key);
  return PREFIX_PART.test(key.slice(0, slash)) && NAME_PART.test(key.slice(slash + 1));
}
function isLabelValue(value) {
  return VALUE.test(value);
}
function requireKey(key, term) {
  if (!isLabelKey(key)) throw new SelectorError(`"${term}": "${key}" is not a valid label key`);
  return key;
}
function requireValue(value, term) {
  if (!isLabelValue(value)) throw new SelectorError(`"${term}": "${value}" is not a valid label value`);
  return value;
}
function splitTerms(text) {
  const terms = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms;
}
var SET_TERM = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
function parseLabelSelector(text) {
  if (text.trim() === "") throw new SelectorError("the selector is empty, which would select every node");
  const matchLabels = {};
  const matchExpressions = [];
  for (const term of splitTerms(text)) {
    if (term === "") throw new SelectorError(`"${text}" has an empty term`);
    const set = SET_TERM.exec(term);
    if (set) {
      const [, key = "", op, list2 = ""] = set;
      const values = list2.split(",").map((v) => requireValue(v.trim(), term));
      if (values.length === 0 || values.some((v) => v === "")) {
        throw new SelectorError(`"${term}": the value list is empty`);
      }
      matchExpressions.push({ key: requireKey(key, term), operator: op === "in" ? "In" : "NotIn", values });
      continue;
    }
    const neq = term.indexOf("!=");
    if (neq > 0) {
      const key = requireKey(term.slice(0, neq).trim(), term);
      matchExpressions.push({ key, operator: "NotIn", values: [requireValue(term.slice(neq + 2).trim(), term)] });
      continue;
    }
    const eq = term.indexOf("=");
    if (eq > 0) {
      const key = requireKey(term.slice(0, eq).trim(), term);
      const value = requireValue(term.slice(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim(), term);
      if (key in matchLabels && matchLabels[key] !== value) {
        throw new SelectorError(`"${text}": label ${key} is required to equal two different values`);
      }
      matchLabels[key] = value;
      continue;
    }
    if (term.startsWith("!")) {
      matchExpressions.push({ key: requireKey(term.slice(1).trim(), term), operator: "DoesNotExist" });
      continue;
    }
    matchExpressions.push({ key: requireKey(term, term), operator: "Exists" });
  }
  const selector = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return selector;
}
function validateLabelSelector(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SelectorError("a selector must be a string or an object with matchLabels/matchExpressions");
  }
  const input = value;
  for (const key of Object.keys(input)) {
    if (key !== "matchLabels" && key !== "matchExpressions") {
      throw new SelectorError(`unknown selector field "${key}" (expected matchLabels or matchExpressions)`);
    }
  }
  const selector = {};
  if (input.matchLabels !== void 0) {
    const labels = input.matchLabels;
    if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
      throw new SelectorError("matchLabels must be an object of strings");
    }
    const clean = {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new SelectorError(`matchLabels["${k}"] must be a string`);
      clean[requireKey(k, `matchLabels["${k}"]`)] = requireValue(v, `matchLabels["${k}"]`);
    }
    if (Object.keys(clean).length > 0) selector.matchLabels = clean;
  }
  if (input.matchExpressions !== void 0) {
    if (!Array.isArray(input.matchExpressions)) throw new SelectorError("matchExpressions must be a list");
    const exprs = [];
    input.matchExpressions.forEach((raw, i) => {
      const where = `matchExpressions[${i}]`;
      if (typeof raw !== "object" || raw === null) throw new SelectorError(`${where} must be an object`);
      const { key, operator, values } = raw;
      if (typeof key !== "string") throw new SelectorError(`${where}.key must be a string`);
      if (operator !== "In" && operator !== "NotIn" && operator !== "Exists" && operator !== "DoesNotExist") {
        throw new SelectorError(`${where}.operator must be In, NotIn, Exists or DoesNotExist`);
      }
      const req = { key: requireKey(key, where), operator };
      if (operator === "In" || operator === "NotIn") {
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) {
          throw new SelectorError(`${where}.values must be a non-empty list of strings for ${operator}`);
        }
        req.values = values.map((v) => requireValue(v, where));
      } else if (values !== void 0 && !(Array.isArray(values) && values.length === 0)) {
        throw new SelectorError(`${where}.values must be empty for ${operator}`);
      }
      exprs.push(req);
    });
    if (exprs.length > 0) selector.matchExpressions = exprs;
  }
  if (!selector.matchLabels && !selector.matchExpressions) {
    throw new SelectorError("the selector is empty, which would select every node");
  }
  return selector;
}
function formatLabelSelector(selector) {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else terms.push(`!${e.key}`);
  }
  return terms.join(",");
}

// src/config/pools.ts
var DEFAULT_POOLS = "egress=node.kubernetes.io/role=egress";
var POOL_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
function isPoolName(name) {
  return POOL_NAME.test(name);
}
function parsePools(raw) {
  const variable = ENV.pools;
  const pools = /* @__PURE__ */ new Map();
  const add = (name, selector) => {
    if (!isPoolName(name)) {
      throw new SettingsError(
        `${variable}: pool name "${name}" must be a DNS label (lower-case letters, digits and '-', at most 63)`
      );
    }
    if (pools.has(name)) throw new SettingsError(`${variable}: pool "${name}" is defined twice`);
    try {
      pools.set(name, selector());
    } catch (err) {
      if (err instanceof SelectorError) throw new SettingsError(`${variable}: pool "${name}": ${err.message}`);
      throw err;
    }
  };
  const text = raw.trim();
  if (text.startsWith("{")) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new SettingsError(`${variable}: not valid JSON: ${err.message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError(`${variable}: expected a JSON object of pool name to selector`);
    }
    for (const [name, sel] of Object.entries(parsed)) {
      add(name, () => typeof sel === "string" ? parseLabelSelector(sel) : validateLabelSelector(sel));
    }
  } else {
    for (const entry of text.split(";")) {
      if (entry.trim() === "") continue;
      const eq = entry.indexOf("=");
      if (eq <= 0) {
        throw new SettingsError(`${variable}: "${entry.trim()}" is not of the form <pool>=<label selector>`);
      }
      add(entry.slice(0, eq).trim(), () => parseLabelSelector(entry.slice(eq + 1)));
    }
  }
  if (pools.size === 0) throw new SettingsError(`${variable}: no pool is defined`);
  return [...pools.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([name, selector]) => ({ name, selector }));
}

// src/config/probe-settings.ts
function readProbeSettings(env) {
  if (!bool(env, ENV.probe, true)) return null;
  const ports = [];
  for (const raw of (env[ENV.probePorts] ?? "4240").split(",")) {
    const t = raw.trim();
    if (t === "") continue;
    const port = Number(t);
    if (!/^\d+$/.test(t) || port < 1 || port > 65535)
      throw new SettingsError(`${ENV.probePorts}: "${t}" is not a TCP port (1-65535)`);
    if (!ports.includes(port)) ports.push(port);
  }
  if (ports.length === 0) throw new SettingsError(`${ENV.probePorts}: no port given`);
  const timeout = duration(env, ENV.probeTimeout, 0.5, 0.05);
  if (timeout > 10)
    throw new SettingsError(`${ENV.probeTimeout}: ${env[ENV.probeTimeout]} is above the maximum of 10s`);
  const failuresRaw = (env[ENV.probeFailures] ?? "3").trim();
  const failures = Number(failuresRaw);
  if (!/^\d+$/.test(failuresRaw) || failures < 1 || failures > 10)
    throw new SettingsError(`${ENV.probeFailures}: "${failuresRaw}" must be a whole number from 1 to 10`);
  const mode = (env[ENV.probeMode] ?? "tcp").trim().toLowerCase() || "tcp";
  if (mode !== "tcp" && mode !== "http")
    throw new SettingsError(`${ENV.probeMode}: "${env[ENV.probeMode]}" is not one of tcp, http`);
  return {
    ports,
    timeoutMs: Math.round(timeout * 1e3),
    failures,
    windowSeconds: duration(env, ENV.probeWindow, 1, 0),
    mode
  };
}

// src/config/prober-settings.ts
function readProberSettings(env, tmp) {
  if (!bool(env, ENV.prober, false)) return null;
  const interval = duration(env, ENV.proberInterval, 0.4, 0.02);
  const timeout = duration(env, ENV.proberTimeout, 0.1, 0.02);
  if (timeout > 5)
    throw new SettingsError(`${ENV.proberTimeout}: ${env[ENV.proberTimeout]} is above the maximum of 5s`);
  if (interval > 10)
    throw new SettingsError(`${ENV.proberInterval}: ${env[ENV.proberInterval]} is above the maximum of 10s`);
  const namespace = (env[ENV.proberNamespace] ?? "kube-system").trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
    throw new SettingsError(`${ENV.proberNamespace}: "${namespace}" is not a namespace name`);
  const dir = (env[ENV.proberDir] ?? "").trim() || `${tmp}/cilium-egress-ha-prober`;
  if (!dir.startsWith("/")) throw new SettingsError(`${ENV.proberDir}: "${dir}" must be an absolute path`);
  const staleMs = Math.round(duration(env, ENV.proberStale, 3, 1) * 1e3);
  return {
    intervalMs: Math.round(interval * 1e3),
    timeoutMs: Math.round(timeout * 1e3),
    failures: wholeNumber(env, ENV.proberFailures, 2, 1, 10),
    // 5 keeps a link losing 2 % each way (a probe lost with p = 0.04) below one false verdict in
    // 30 days: 0.04^(1 + 5) = 4.1e-9 per round, rounds at most every 100 ms (the timeout; 25.9
    // million in 30 days): 0.11. With 4 it would be 2.7 (docs/design.md, "The prober").
    confirm: wholeNumber(env, ENV.proberConfirm, 5, 1, 8),
    namespace,
    dir: dir.replace(/\/+$/, ""),
    staleMs,
    metricsPort: wholeNumber(env, ENV.proberMetricsPort, 9116, 1, 65535)
  };
}

// src/config/warnings.ts
var PREFIX = "EGRESS_HA_";
var KNOWN_VARIABLES = new Set(Object.values(ENV));
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j] + 1,
        row[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    prev = row;
  }
  return prev[b.length];
}
function unknownVariables(env) {
  return Object.keys(env).filter((name) => name.startsWith(PREFIX) && !KNOWN_VARIABLES.has(name)).sort().map((name) => {
    const [best] = [...KNOWN_VARIABLES].map((known) => ({ known, d: editDistance(name, known) })).sort((x, y) => x.d - y.d);
    const hint = best && best.d <= 3 ? ` (did you mean ${best.known}?)` : "";
    return `${name} is not a setting of this hook and is ignored${hint}`;
  });
}
function isKubeletSettableLabel(key) {
  const slash = key.indexOf("/");
  const namespace = slash === -1 ? "" : key.slice(0, slash);
  const within = (ns) => namespace === ns || namespace.endsWith(`.${ns}`);
  if (!within("kubernetes.io") && !within("k8s.io")) return true;
  if (KUBELET_LABELS.has(key)) return true;
  return within("kubelet.kubernetes.io") || within("node.kubernetes.io");
}
var KUBELET_LABELS = /* @__PURE__ */ new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone"
]);
function kubeletJoinablePools(pools) {
  return pools.filter((pool) => {
    const positive = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).filter((e) => e.operator === "In" || e.operator === "Exists").map((e) => e.key)
    ];
    return !positive.some((key) => !isKubeletSettableLabel(key));
  });
}
function settingsWarnings(env, settings) {
  const warnings = unknownVariables(env);
  for (const pool of kubeletJoinablePools(settings.pools)) {
    const keys = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).map((e) => e.key)
    ];
    warnings.push(
      `${ENV.pools}: pool "${pool.name}" selects nodes only by labels that a node's own kubelet may set (${[...new Set(keys)].join(", ")}): a compromised node can label itself into the pool and attract its egress traffic. Select pool nodes by a label under node-restriction.kubernetes.io/, which only an administrator can set`
    );
  }
  return warnings;
}

// src/config/settings.ts
var REQUIRED_BLOCKING_TAINTS = [
  "node.kubernetes.io/unreachable",
  "node.kubernetes.io/not-ready",
  "node.cilium.io/agent-not-ready",
  // Set by an operator on a node that is shut down (non-graceful node shutdown).
  "node.kubernetes.io/out-of-service",
  // Set by cluster-autoscaler just before it deletes a node.
  "ToBeDeletedByClusterAutoscaler"
];
var LEASE_STALE_MIN_SECONDS = 15;
function readSettings(env) {
  const pools = parsePools(env[ENV.pools] ?? DEFAULT_POOLS);
  const extra = (env[ENV.extraBlockingTaints] ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  for (const taint of extra) {
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(taint)) {
      throw new SettingsError(`${ENV.extraBlockingTaints}: "${taint}" is not a valid taint key`);
    }
  }
  const tmp = (env.TMPDIR ?? "").trim() || "/tmp";
  const readProbe2 = readProbeSettings(env);
  const prober = readProbe2 ? readProberSettings(env, tmp) : null;
  const probe2 = readProbe2 && prober ? { ...readProbe2, windowSeconds: 0 } : readProbe2;
  const resync = duration(env, ENV.resyncInterval, probe2 ? 1 : 2, 0);
  if (resync !== 0 && (resync < 1 || !Number.isInteger(resync))) {
    throw new SettingsError(`${ENV.resyncInterval}: must be 0 (off) or a whole number of seconds >= 1`);
  }
  const level = (env[ENV.logLevel] ?? "info").trim().toLowerCase() || "info";
  if (level !== "debug" && level !== "info" && level !== "warn" && level !== "error") {
    throw new SettingsError(`${ENV.logLevel}: "${env[ENV.logLevel]}" is not one of debug, info, warn, error`);
  }
  const queue = (env[ENV.queue] ?? "cilium-egress-ha").trim();
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(queue)) {
    throw new SettingsError(`${ENV.queue}: "${queue}" must be lower-case letters, digits and '-'`);
  }
  const staleRaw = (env[ENV.leaseStaleAfter] ?? "auto").trim();
  const leaseStaleAfterSeconds = staleRaw === "" || staleRaw === "auto" ? null : duration(env, ENV.leaseStaleAfter, 0, LEASE_STALE_MIN_SECONDS);
  const agentNamespace = (env[ENV.agentNamespace] ?? "kube-system").trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(agentNamespace)) {
    throw new SettingsError(`${ENV.agentNamespace}: "${agentNamespace}" is not a namespace name`);
  }
  let agentSelector;
  try {
    agentSelector = parseLabelSelector(env[ENV.agentSelector] ?? "k8s-app=cilium");
  } catch (err) {
    if (err instanceof SelectorError) throw new SettingsError(`${ENV.agentSelector}: ${err.message}`);
    throw err;
  }
  const stateFile = (env[ENV.stateFile] ?? "").trim() || `${tmp}/cilium-egress-ha/state.json`;
  if (!stateFile.startsWith("/") || stateFile.endsWith("/")) {
    throw new SettingsError(
      `${ENV.stateFile}: "${stateFile}" must be an absolute path to a file${env[ENV.stateFile]?.trim() ? "" : " (from TMPDIR)"}`
    );
  }
  const settings = {
    pools,
    cordonDrains: bool(env, ENV.cordonDrains, true),
    recoveryDelaySeconds: duration(env, ENV.recoveryDelay, 30, 0),
    blockingTaints: [.../* @__PURE__ */ new Set([...REQUIRED_BLOCKING_TAINTS, ...extra])],
    resyncIntervalSeconds: resync,
    dryRun: bool(env, ENV.dryRun, false),
    logLevel: level,
    runTimeoutSeconds: duration(env, ENV.runTimeout, 30, 1),
    queue,
    leaseSignal: bool(env, ENV.leaseSignal, true),
    leaseStaleAfterSeconds,
    agentSignal: bool(env, ENV.agentSignal, true),
    agentNamespace,
    agentSelector,
    agentGraceSeconds: duration(env, ENV.agentGrace, 60, 0),
    events: bool(env, ENV.events, true),
    eventLimit: wholeNumber(env, ENV.eventLimit, 50, 0, 1e5),
    policyMetrics: ["", "auto"].includes((env[ENV.policyMetrics] ?? "").trim().toLowerCase()) ? null : bool(env, ENV.policyMetrics, true),
    probe: probe2,
    stateFile,
    prober
  };
  refuseUnworkable(settings);
  return settings;
}

// src/model/policy.ts
init_objects();

// src/model/pin.ts
init_objects();
function labelTerm(key, value) {
  return `${key}=${value}`;
}
function expressionTerm(e) {
  const values = e.values ?? [];
  return values.length > 0 ? `${e.key} ${e.operator} (${values.join(",")})` : `${e.key} ${e.operator}`;
}
function termStrings(terms) {
  const out = [];
  for (const k in terms.matchLabels) out.push(labelTerm(k, terms.matchLabels[k]));
  for (const e of terms.matchExpressions ?? []) out.push(expressionTerm(e));
  return out;
}
var NONE = /* @__PURE__ */ new Set();
function parsePoolTerms(text) {
  if (!text) return NONE;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? new Set(v.filter((x) => typeof x === "string")) : NONE;
  } catch {
    return NONE;
  }
}
function pinSelector(hostname2, user, pool) {
  const matchLabels = { [HOSTNAME_LABEL]: hostname2, ...user.matchLabels, ...pool.matchLabels };
  const expressions = [];
  const seen = /* @__PURE__ */ new Set();
  for (const e of [...user.matchExpressions ?? [], ...pool.matchExpressions ?? []]) {
    const term = expressionTerm(e);
    if (seen.has(term)) continue;
    seen.add(term);
    const values = e.values ?? [];
    expressions.push(
      values.length > 0 ? { key: e.key, operator: e.operator, values: [...values] } : { key: e.key, operator: e.operator }
    );
  }
  return expressions.length > 0 ? { matchLabels, matchExpressions: expressions } : { matchLabels };
}

// src/model/policy.ts
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function problemAt(label, rest, message) {
  return { field: `spec.${label}${rest}`, message };
}
function readSlot(raw, label, path, owned) {
  if (!isObject(raw)) return problemAt(label, "", "is missing or not an object");
  const nodeSelector = raw.nodeSelector;
  if (!isObject(nodeSelector)) return problemAt(label, ".nodeSelector", "is missing or not an object");
  let matchLabels = null;
  if (nodeSelector.matchLabels !== void 0 && nodeSelector.matchLabels !== null) {
    if (!isObject(nodeSelector.matchLabels)) return problemAt(label, ".nodeSelector.matchLabels", "is not an object");
    const labels = nodeSelector.matchLabels;
    for (const k in labels) {
      if (typeof labels[k] !== "string")
        return problemAt(label, `.nodeSelector.matchLabels["${k}"]`, "is not a string");
    }
    matchLabels = labels;
  }
  const expressions = [];
  const exprs = nodeSelector.matchExpressions;
  if (exprs !== void 0 && exprs !== null) {
    if (!Array.isArray(exprs)) return problemAt(label, ".nodeSelector.matchExpressions", "is not a list");
    for (let i = 0; i < exprs.length; i++) {
      const expr = exprs[i];
      const at = `.nodeSelector.matchExpressions[${i}]`;
      if (!isObject(expr) || typeof expr.key !== "string" || typeof expr.operator !== "string") {
        return problemAt(label, at, "needs a key and an operator");
      }
      if (expr.key === HOSTNAME_LABEL) {
        return problemAt(label, at, `constrains ${HOSTNAME_LABEL}; pin the node with matchLabels instead`);
      }
      const values = Array.isArray(expr.values) ? expr.values.filter((v) => typeof v === "string") : [];
      expressions.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  const egressIP = raw.egressIP;
  const iface = raw.interface;
  if (egressIP !== void 0 && egressIP !== null && typeof egressIP !== "string") {
    return problemAt(label, ".egressIP", "is not a string");
  }
  if (iface !== void 0 && iface !== null && typeof iface !== "string") {
    return problemAt(label, ".interface", "is not a string");
  }
  if (egressIP && iface) {
    return problemAt(label, "", "sets both egressIP and interface, so Cilium ignores the policy");
  }
  const hostname2 = matchLabels?.[HOSTNAME_LABEL] ?? null;
  const otherTerms = {};
  const poolTerms = {};
  const terms = [];
  for (const k in matchLabels) {
    if (k === HOSTNAME_LABEL) continue;
    const term = labelTerm(k, matchLabels[k]);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchLabels ??= {};
    into.matchLabels[k] = matchLabels[k];
  }
  for (const e of expressions) {
    const term = expressionTerm(e);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchExpressions ??= [];
    into.matchExpressions.push(e);
  }
  return {
    label,
    path,
    nodeSelector,
    matchLabels,
    hostname: hostname2 === "" ? null : hostname2,
    otherTerms,
    poolTerms,
    terms,
    egressIP: egressIP ? egressIP : null
  };
}
function invalid(p, problem) {
  return { name: p.name, poolAnnotation: p.pool, field: problem.field, message: problem.message };
}
function readPolicy(p) {
  const multi = p.egressGateways;
  const slots = [];
  const owned = parsePoolTerms(p.poolTerms);
  if (multi !== null && multi !== void 0 && !Array.isArray(multi)) {
    return invalid(p, { field: "spec.egressGateways", message: "is not a list" });
  }
  if (Array.isArray(multi) && multi.length > 0) {
    for (let i = 0; i < multi.length; i++) {
      const slot = readSlot(multi[i], `egressGateways[${i}]`, `/spec/egressGateways/${i}`, owned);
      if ("message" in slot) return invalid(p, slot);
      slots.push(slot);
    }
  } else {
    const slot = readSlot(p.egressGateway, "egressGateway", "/spec/egressGateway", owned);
    if ("message" in slot) return invalid(p, slot);
    slots.push(slot);
  }
  return { name: p.name, poolAnnotation: p.pool, deleting: p.deleting, slots };
}
function isInvalid(p) {
  return "message" in p;
}

// src/model/reason.ts
var REASON_GROUPS = [
  {
    title: "why a node is unhealthy (it gives up its gateways)",
    codes: [
      "node-not-ready",
      "node-tainted",
      "node-cordoned",
      "node-deleting",
      "lease-missing",
      "lease-no-renew-time",
      "lease-stale",
      "agent-down",
      "probe-silent"
    ]
  },
  {
    title: "why a healthy node is not settled, or takes no new gateway",
    codes: ["recovery-delay", "agent-grace"]
  },
  {
    title: "why a node does not fit a slot",
    codes: [
      "not-a-member",
      "unhealthy",
      "no-hostname-label",
      "hostname-ambiguous",
      "selector-mismatch",
      "egress-ip-missing",
      "egress-ip-invalid",
      "egress-ip-family",
      "egress-ip-conflict"
    ]
  },
  {
    title: "slots",
    codes: [
      "gateway-healthy",
      "gateway-in-grace",
      "gateway-deferred",
      "foreign-slot",
      "not-pinned",
      "gateway-not-in-pool",
      "gateway-unhealthy",
      "gateway-ambiguous",
      "gateway-selector-mismatch",
      "move",
      "no-node-fits"
    ]
  },
  {
    title: "policies",
    codes: ["all-healthy", "slots", "not-managed", "deleting", "invalid-policy", "unknown-pool"]
  },
  {
    title: "notices: conditions the hook warns about once, when they start or change",
    codes: [
      "time-in-future",
      "time-unparsable",
      "hostnames-ambiguous",
      "egress-ip-annotation-invalid",
      "egress-ip-annotation-conflict",
      "node-address-invalid"
    ]
  }
];
var REASON_CODES = REASON_GROUPS.flatMap((g) => g.codes);
function reason(code, ...[facts]) {
  return { code, ...facts };
}
function formatAge(seconds2) {
  const s = Math.max(0, Math.floor(seconds2));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
var str = (v) => v === null || v === void 0 ? "" : String(v);
var age = (v) => formatAge(typeof v === "number" ? v : 0);
var list = (v) => Array.isArray(v) ? v.map(str).join(", ") : str(v);
var reasons = (v) => v.map(renderReason).join(", ");
function renderReason(r) {
  switch (r.code) {
    case "node-not-ready":
      if (r.status === null) return "has no Ready condition";
      return `Ready=${str(r.status)}${r.status === "Unknown" ? " (kubelet stopped reporting)" : ""}${r.since ? ` since ${str(r.since)}` : ""}`;
    case "node-tainted":
      return `tainted ${str(r.taint)}`;
    case "node-cordoned":
      return "cordoned";
    case "node-deleting":
      return "being deleted";
    case "lease-missing":
      return "has no Lease in kube-node-lease";
    case "lease-no-renew-time":
      return "Lease has no renewTime";
    case "lease-stale":
      return `Lease not renewed for ${age(r.ageSeconds)} (stale after ${age(r.staleAfterSeconds)})`;
    case "agent-down":
      return `${str(r.detail)} for ${age(r.forSeconds)} (grace ${age(r.graceSeconds)})`;
    case "probe-silent":
      return `no answer on port ${str(r.port)} to ${str(r.failures)} probes in a row over ${age(r.forSeconds)}`;
    case "recovery-delay":
      return `${str(r.what)} for ${age(r.forSeconds)} of the ${age(r.delaySeconds)} recovery delay${r.was ? ` (was: ${str(r.was)})` : ""}`;
    case "agent-grace":
      return `${str(r.detail)} for ${age(r.forSeconds)}; keeps its gateways for the ${age(r.graceSeconds)} grace, takes no new one`;
    case "not-a-member":
      return `not a node of pool ${str(r.pool)}`;
    case "unhealthy":
      return reasons(r.problems);
    case "no-hostname-label":
      return "has no kubernetes.io/hostname label, so no pin can select it";
    case "hostname-ambiguous":
      return `its kubernetes.io/hostname ${str(r.hostname)} is shared by ${list(r.nodes)}`;
    case "selector-mismatch":
      return `does not match the policy's selector (${list(r.terms)})`;
    case "egress-ip-missing":
      return "has no cilium-egress-ha/egress-ip annotation, which the policy's egressIP needs";
    case "egress-ip-conflict":
      return `its cilium-egress-ha/egress-ip ${str(r.value)} is claimed by ${r.nodes.join(", ")}: a policy's traffic cannot be sent to an address two nodes claim`;
    case "egress-ip-invalid":
      return `its cilium-egress-ha/egress-ip annotation "${str(r.value)}" ${str(r.problem)}`;
    case "egress-ip-family":
      return `its egress IP ${str(r.value)} is ${str(r.got)}, the policy's egressIP is ${str(r.want)}`;
    case "gateway-healthy":
      return `gateway ${str(r.gateway)} is healthy`;
    case "gateway-in-grace":
      return `gateway ${str(r.gateway)} stays: ${renderReason(r.grace)}`;
    case "gateway-deferred":
      return `gateway ${str(r.gateway)} stays: unhealthy only to this replica's probe (${reasons(r.problems)}), and ${str(r.by)} chose it ${age(r.forSeconds)} ago; deferred to it for ${age(r.deferSeconds)}`;
    case "foreign-slot":
      return `gateway ${str(r.gateway ?? "(unpinned)")} is not a node of pool ${str(r.pool)}; left alone, as the policy has no cilium-egress-ha/pool annotation`;
    case "not-pinned":
      return "not pinned to a node";
    case "gateway-not-in-pool":
      return `gateway ${str(r.gateway)} is not a node of pool ${str(r.pool)} (deleted, or no longer selected by the pool)`;
    case "gateway-unhealthy":
      return `gateway ${str(r.gateway)} is unhealthy (${reasons(r.problems)})`;
    case "gateway-ambiguous":
      return `gateway ${str(r.gateway)} is ambiguous: its hostname matches ${list(r.nodes)}${r.unhealthy.length > 0 ? `, and ${list(r.unhealthy)} cannot serve` : ""}`;
    case "gateway-selector-mismatch":
      return `gateway ${str(r.gateway)} no longer matches the policy's selector (${list(r.terms)}), so the policy selects no node`;
    case "move": {
      const pin = r.hostname === r.node ? "" : ` (kubernetes.io/hostname=${str(r.hostname)})`;
      const tier = r.tier === "settled" ? "the settled node serving the fewest gateways" : "no settled node fits, so the recovering node healthy the longest";
      const shared = r.shared ? ", sharing it with another slot for lack of fitting nodes" : "";
      const ip = r.egressIP ? `, egressIP ${str(r.egressIP.from)} \u2192 ${str(r.egressIP.to)}` : "";
      return `${renderReason(r.cause)}; moving to ${str(r.node)}${pin}, ${tier} (${str(r.load)})${shared}${ip}`;
    }
    case "no-node-fits": {
      const detail = r.rejections.length > 0 ? r.rejections.map((x) => `${x.node}: ${renderReason(x.reason)}`).join("; ") : `pool ${str(r.pool)} has no nodes`;
      return `${renderReason(r.cause)}; no node of pool ${str(r.pool)} can take over: ${detail}`;
    }
    case "all-healthy":
      return `all ${r.gateways.length} gateways are healthy (${list(r.gateways)})`;
    case "slots":
      return r.parts.map((p) => `${p.slot}: ${renderReason(p.reason)}`).join("; ");
    case "not-managed":
      switch (r.because) {
        case "unmanageable":
          return `not managed: no cilium-egress-ha/pool annotation (and ${str(r.field)} ${str(r.message)})`;
        case "remembered-unpinned":
          return "not managed any more: managed earlier, but its gateway is no longer pinned by hostname";
        case "inventory-unknown":
          return "not managed this run: managed earlier, but which nodes exist is unknown (no node inventory or Lease snapshot)";
        default:
          return "not managed: no cilium-egress-ha/pool annotation, and no gateway is pinned to a pool node";
      }
    case "deleting":
      return "ignored: the policy is being deleted";
    case "invalid-policy":
      return `skipped: ${str(r.field)} ${str(r.message)}`;
    case "time-in-future":
      return `${str(r.object)} ${str(r.field)} ${str(r.value)} is later than the hook's clock (${str(r.now)}); taken as now`;
    case "time-unparsable":
      return `${str(r.object)} ${str(r.field)} ${JSON.stringify(str(r.value))} is not a time; taken as now`;
    case "hostnames-ambiguous":
      return `kubernetes.io/hostname ${str(r.hostname)} is shared by nodes ${list(r.nodes)}: a pin to it is never chosen, and is moved away from when one of them cannot serve`;
    case "egress-ip-annotation-conflict":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip ${str(r.value)} is also claimed by ${r.others.join(", ")}; none of them takes a policy with an egressIP while they conflict`;
    case "egress-ip-annotation-invalid":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip "${str(r.value)}" ${str(r.problem)}; the node takes no policy with an egressIP`;
    case "node-address-invalid":
      return `node ${str(r.node)}: ${str(r.field)} ${JSON.stringify(str(r.value))} is not an IP address; the probe does not reach the node (its other signals still apply)`;
    case "unknown-pool":
      return `names pool "${str(r.pool)}", which is not configured (configured: ${list(r.configured) || "none"})`;
  }
}

// src/model/ip-address.ts
var IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
var V4_MAPPED = /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/;
function ipv6Hostname(text) {
  if (!text.includes(":") || /[^0-9A-Fa-f:.]/.test(text)) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.length > 2 ? host : null;
  } catch {
    return null;
  }
}
function isIPAddress(text) {
  return IPV4.test(text) || ipv6Hostname(text) !== null;
}
var EGRESS_IP_MAX_LENGTH = 39;
function checkEgressIP(text) {
  if (text.length > EGRESS_IP_MAX_LENGTH)
    return { ok: false, problem: `is longer than ${EGRESS_IP_MAX_LENGTH} characters` };
  if (IPV4.test(text)) return { ok: true, family: "IPv4" };
  const host = ipv6Hostname(text);
  if (host === null) return { ok: false, problem: "is not an IP address" };
  if (V4_MAPPED.test(host)) return { ok: false, problem: "is an IPv4-mapped IPv6 address, which the CRD refuses" };
  return { ok: true, family: "IPv6" };
}
function familyOf(ip) {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

// src/model/node-health.ts
init_objects();
var NODE_STATES = ["settled", "recovering", "grace", "unhealthy"];
function markEgressIPConflicts(nodes) {
  const claims = /* @__PURE__ */ new Map();
  for (const n of nodes) {
    if (n.egressIP.kind !== "valid" || !n.healthy) continue;
    const list2 = claims.get(n.egressIP.ip);
    if (list2) list2.push(n);
    else claims.set(n.egressIP.ip, [n]);
  }
  for (const [ip, claimants] of claims) {
    if (claimants.length < 2) continue;
    const names = claimants.map((c) => c.name).sort();
    for (const c of claimants)
      if (c.egressIP.kind === "valid") c.egressIP = { kind: "conflict", ip, family: c.egressIP.family, nodes: names };
  }
}
function parseEgressIP(raw) {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const ip = raw.trim();
  const check = checkEgressIP(ip);
  return check.ok ? { kind: "valid", ip, family: check.family } : { kind: "invalid", raw, problem: check.problem };
}
function assessNode(node, opts, now, signals = {}) {
  const problems = [];
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    problems.push({ signal: "node", reason: reason("node-not-ready", { status: null }) });
  } else if (ready.status !== "True") {
    problems.push({
      signal: "node",
      reason: reason("node-not-ready", { status: ready.status, since: ready.since })
    });
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint))
      problems.push({ signal: "node", reason: reason("node-tainted", { taint }) });
  }
  if (node.unschedulable && opts.cordonDrains) problems.push({ signal: "node", reason: reason("node-cordoned") });
  if (node.deleting) problems.push({ signal: "node", reason: reason("node-deleting") });
  if (signals.lease) problems.push({ signal: "lease", reason: signals.lease });
  if (signals.probe) problems.push({ signal: "probe", reason: signals.probe });
  let waiting = null;
  const agent = signals.agent;
  if (agent?.down) {
    const forSeconds = Math.max(0, (now - agent.down.since) / 1e3);
    const facts = { detail: agent.down.detail, forSeconds, graceSeconds: agent.graceSeconds };
    if (forSeconds >= agent.graceSeconds) problems.push({ signal: "agent", reason: reason("agent-down", facts) });
    else waiting = reason("agent-grace", facts);
  }
  const healthy = problems.length === 0;
  let healthySince = null;
  if (healthy) {
    const delay = opts.recoveryDelaySeconds;
    const marks = [];
    if (signals.readySince != null) marks.push({ what: "Ready", at: signals.readySince });
    if (agent?.readySince != null) marks.push({ what: "cilium agent Ready", at: agent.readySince });
    if (signals.lastUnhealthy)
      marks.push({ what: "healthy again", at: signals.lastUnhealthy.at, was: signals.lastUnhealthy.why });
    for (const m of marks) if (healthySince === null || m.at > healthySince) healthySince = m.at;
    if (waiting === null) {
      const recent = marks.find((m) => (now - m.at) / 1e3 < delay);
      if (recent) {
        waiting = reason("recovery-delay", {
          what: recent.what,
          forSeconds: Math.max(0, (now - recent.at) / 1e3),
          delaySeconds: delay,
          ...recent.was ? { was: recent.was } : {}
        });
      }
    }
  }
  const state = !healthy ? "unhealthy" : waiting?.code === "agent-grace" ? "grace" : waiting !== null ? "recovering" : "settled";
  const label = node.labels[HOSTNAME_LABEL];
  return {
    name: node.name,
    hostname: typeof label === "string" && label !== "" ? label : null,
    labels: node.labels,
    healthy,
    state,
    problems,
    waiting,
    healthySince,
    readySince: ready?.status === "True" ? ready.since : null,
    egressIP: parseEgressIP(node.egressIP)
  };
}

// src/engine/assess.ts
init_objects();

// src/engine/clock.ts
function due(at, now, seconds2) {
  const t = Date.parse(at);
  return Number.isNaN(t) || now < t || now - t >= seconds2 * 1e3;
}
var Clock = class {
  constructor(now, before = {}) {
    this.now = now;
    this.before = before;
  }
  now;
  before;
  notices = [];
  noted = /* @__PURE__ */ new Set();
  /** Future times seen this run, for the next one. */
  clamped = /* @__PURE__ */ Object.create(null);
  get iso() {
    return new Date(this.now).toISOString();
  }
  /** A time in ms, clamped to now; null stays null. */
  at(value, object, field2) {
    if (value === null || value === void 0 || value === "") return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      this.note(reason("time-unparsable", { object, field: field2, value }), object, field2);
      return this.now;
    }
    if (ms > this.now) {
      this.note(reason("time-in-future", { object, field: field2, value, now: this.iso }), object, field2);
      return this.firstSeen(value, `${object} ${field2}`);
    }
    return ms;
  }
  /**
   * A future time is taken as the time the hook first saw it, so it never holds anything back
   * for longer than it would have, had it been right.
   */
  firstSeen(value, key) {
    const seen = Object.hasOwn(this.before, key) ? this.before[key] : void 0;
    const first = seen && seen.value === value ? Math.min(Date.parse(seen.at), this.now) : this.now;
    const at = Number.isNaN(first) ? this.now : first;
    this.clamped[key] = { value, at: new Date(at).toISOString() };
    return at;
  }
  /** Each notice once a run, per kind, object and field. */
  note(r, object, field2) {
    const key = `${r.code}\0${object}\0${field2}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notices.push(r);
  }
};

// src/engine/inputs.ts
var byName = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function recoveringRanks(health) {
  const since = (h) => h.healthySince ?? Number.NEGATIVE_INFINITY;
  const recovering = [...health].filter((h) => h.state === "recovering");
  recovering.sort((a, b) => since(a) - since(b) || byName(a.name, b.name));
  return new Map(recovering.map((h, i) => [h.name, i]));
}
function decisionInputs(pools, terms, configured, inventory, nodesKnown) {
  const health = /* @__PURE__ */ new Map();
  for (const p of pools) for (const h of p.nodes) health.set(h.name, h);
  const ranks = recoveringRanks(health.values());
  const node = (h) => ({
    name: h.name,
    hostname: h.hostname,
    labels: h.labels,
    state: h.state,
    recoveringRank: ranks.get(h.name) ?? null,
    egressIP: h.egressIP
  });
  return {
    configured: [...configured],
    pools: pools.map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map(node),
      terms: Object.hasOwn(terms, p.pool) ? terms[p.pool] : null
    })),
    inventory,
    nodesKnown
  };
}
function explanations(pools) {
  const out = /* @__PURE__ */ new Map();
  for (const p of pools)
    for (const h of p.nodes) out.set(h.name, { problems: h.problems.map((x) => x.reason), waiting: h.waiting });
  return out;
}

// src/engine/records.ts
var emptyRecord = () => /* @__PURE__ */ Object.create(null);
var own = (r, key) => r !== void 0 && Object.hasOwn(r, key) ? r[key] : void 0;

// src/engine/agent-signal.ts
init_objects();
var serving = (p) => !p.deleting && p.ready?.status === "True";
function podsByNode(agents, opts, poolNodes) {
  if (agents === null) {
    const detail2 = "the binding context has no agents snapshot; only the agent-not-ready taint is read";
    return { pods: null, status: { signal: "agent", state: "unavailable", detail: detail2 } };
  }
  const pods = /* @__PURE__ */ new Map();
  for (const pod of agents) {
    if (pod.node === null) continue;
    const list2 = pods.get(pod.node);
    if (list2) list2.push(pod);
    else pods.set(pod.node, [pod]);
  }
  if (poolNodes.size > 0 && ![...poolNodes.keys()].some((n) => pods.has(n))) {
    const detail2 = `no cilium agent pod (${opts.source}) runs on any pool node; check the agent namespace and selector; only the agent-not-ready taint is read`;
    return { pods: null, status: { signal: "agent", state: "unavailable", detail: detail2 } };
  }
  let ready = 0;
  for (const n of poolNodes.keys()) if ((pods.get(n) ?? []).some(serving)) ready++;
  const detail = `cilium agent Ready on ${ready} of ${poolNodes.size} pool nodes`;
  return { pods, status: { signal: "agent", state: "active", detail } };
}
function readySince(mine, clock) {
  let since = null;
  for (const p of mine) {
    if (!serving(p)) continue;
    const at = clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime");
    if (at !== null && (since === null || at < since)) since = at;
  }
  return since;
}
function downSince(name, node, mine, refusedSince, before, clock) {
  let since = clock.now;
  const consider = (at) => {
    if (at !== null && at < since) since = at;
  };
  if (refusedSince !== void 0) consider(refusedSince);
  if (before !== void 0) {
    consider(clock.at(own(before, name), "state file", `agentDown["${name}"]`));
    return since;
  }
  if (node.agentTaint)
    consider(clock.at(node.agentTaintAdded, `Node ${name}`, `taint ${AGENT_NOT_READY_TAINT} timeAdded`));
  for (const p of mine) {
    if (!p.deleting && p.ready?.status !== "True")
      consider(clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime"));
  }
  return since;
}
function downDetail(mine, node, refused, ports) {
  const parts = [];
  if (mine !== null)
    parts.push(
      mine.length === 0 ? "no cilium agent pod on the node" : `cilium agent ${mine.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`
    );
  if (node.agentTaint) parts.push(`tainted ${AGENT_NOT_READY_TAINT}`);
  if (refused) parts.push(`probe port ${ports.join(",")} refuses connections`);
  return parts.join(", ");
}
function readAgentSignal(agents, opts, poolNodes, refusals, before, clock) {
  const byNode = /* @__PURE__ */ new Map();
  const agentDown = emptyRecord();
  if (!opts)
    return { status: { signal: "agent", state: "off", detail: "cilium agent signal is off" }, byNode, agentDown };
  const grace = opts.graceSeconds;
  const { pods, status } = podsByNode(agents, opts, poolNodes);
  for (const [name, n] of poolNodes) {
    const mine = pods?.get(name) ?? [];
    const podDown = pods !== null && !mine.some(serving);
    const refusedSince = refusals.since.get(name);
    if (!podDown && !n.agentTaint && refusedSince === void 0) {
      byNode.set(name, { down: null, readySince: readySince(mine, clock), graceSeconds: grace });
      continue;
    }
    const since = downSince(name, n, mine, refusedSince, before, clock);
    const detail = downDetail(podDown ? mine : null, n, refusedSince !== void 0, refusals.ports);
    byNode.set(name, { down: { since, detail }, readySince: null, graceSeconds: grace });
    agentDown[name] = new Date(since).toISOString();
  }
  return { status, byNode, agentDown };
}

// src/engine/lease-signal.ts
var AUTO_STALE_RATIO = 0.4;
var DEFAULT_LEASE_DURATION_SECONDS = 40;
function staleThreshold(lease, staleAfterSeconds) {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}
function sightLeases(leases, before, clock) {
  const next = emptyRecord();
  for (const lease of leases) {
    if (lease.renewTime === null) continue;
    const old = own(before, lease.name);
    if (old && old.renewTime === lease.renewTime) {
      const seen = clock.at(old.seenAt, "state file", `leaseSeen["${lease.name}"].seenAt`) ?? clock.now;
      next[lease.name] = { renewTime: old.renewTime, seenAt: new Date(seen).toISOString() };
    } else {
      next[lease.name] = { renewTime: lease.renewTime, seenAt: clock.iso };
    }
  }
  return next;
}
function leaseVerdict(lease, staleAfterSeconds, clock, seen) {
  if (lease.renewTime === null) return reason("lease-no-renew-time", {});
  let renewed;
  if (seen) {
    const sighting = own(seen, lease.name);
    renewed = sighting ? Date.parse(sighting.seenAt) : clock.now;
  } else {
    renewed = clock.at(lease.renewTime, `Lease ${lease.name}`, "spec.renewTime");
  }
  const ageSeconds = leaseAgeSeconds(renewed ?? clock.now, clock.now);
  const threshold = staleThreshold(lease, staleAfterSeconds);
  return ageSeconds > threshold ? reason("lease-stale", { ageSeconds, staleAfterSeconds: threshold }) : null;
}
function leaseAgeSeconds(seenMs, nowMs) {
  return (nowMs - seenMs) / 1e3 | 0;
}
function readLeaseSignal(leases, opts, clock, before, explained = () => false) {
  const leaseSeen = before && leases ? sightLeases(leases, before, clock) : before;
  const known = leases !== null && leases.length > 0;
  const reading = (status, verdicts2 = null) => ({
    status,
    verdicts: verdicts2,
    leaseSeen,
    known
  });
  if (!opts) return reading({ signal: "lease", state: "off", detail: "Lease signal is off" });
  if (leases === null || leases.length === 0) {
    const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
    return reading({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
  }
  const verdicts = /* @__PURE__ */ new Map();
  let stale = 0;
  let counted = 0;
  for (const lease of leases) {
    const v = leaseVerdict(lease, opts.staleAfterSeconds, clock, leaseSeen);
    verdicts.set(lease.name, v);
    if (explained(lease.name)) continue;
    counted++;
    if (v !== null) stale++;
  }
  const left = leases.length - counted;
  const out = left > 0 ? ` (${left} left out: their nodes are reported down or gone)` : "";
  if (stale >= 2 && stale * 2 > counted) {
    return reading({
      signal: "lease",
      state: "suspended",
      detail: `${stale} of ${counted} node Leases are stale at once${out}, which points at the control plane or this hook's view, not the nodes; Leases ignored`
    });
  }
  return reading(
    { signal: "lease", state: "active", detail: `${stale} of ${counted} node Leases stale${out}` },
    verdicts
  );
}
function leaseOf(verdicts, node) {
  return verdicts.has(node) ? verdicts.get(node) : reason("lease-missing", {});
}

// src/engine/memory.ts
function emptyEngineMemory() {
  return {
    unhealthy: emptyRecord(),
    leaseSeen: emptyRecord(),
    agentDown: emptyRecord(),
    remembered: emptyRecord(),
    clamped: emptyRecord(),
    probe: emptyRecord()
  };
}

// src/engine/probe.ts
function portNotServed(observed, records) {
  let voters = 0;
  let refusing = 0;
  for (const o of observed) {
    const refuses = o.answer === "silent" ? records[o.node]?.refuses : o.answer === "refused";
    if (refuses === void 0) continue;
    voters++;
    if (refuses) refusing++;
  }
  return refusing >= 2 && refusing * 2 > voters;
}
function readProbe(opts, observed, prior, poolNodes, clock, explained = /* @__PURE__ */ new Set()) {
  const out = {
    status: { signal: "probe", state: "off", detail: "probe is off" },
    problems: /* @__PURE__ */ new Map(),
    refused: /* @__PURE__ */ new Map(),
    restart: /* @__PURE__ */ new Set(),
    next: /* @__PURE__ */ Object.create(null)
  };
  if (!opts) return out;
  const port = opts.ports.join(",");
  let records = /* @__PURE__ */ Object.create(null);
  for (const node of poolNodes) if (Object.hasOwn(prior, node)) records[node] = prior[node];
  if (observed !== null && observed.length > 0) {
    const counted = observed.filter((o) => !explained.has(o.node));
    const silent = counted.filter((o) => o.answer === "silent").length;
    const refused = observed.filter((o) => o.answer === "refused").length;
    const left = observed.length - counted.length;
    const reported = left > 0 ? ` (${left} reported down by Kubernetes left out)` : "";
    if (silent >= 2 && silent * 2 > counted.length) {
      out.status = {
        signal: "probe",
        state: "suspended",
        detail: `${silent} of ${counted.length} pool nodes${reported} are silent on port ${port} at once, which points at this operator's own network; probe ignored`
      };
      out.next = records;
      return out;
    }
    const ignoreRefusals = portNotServed(observed, records);
    const next = /* @__PURE__ */ Object.create(null);
    for (const o of observed) {
      const before = records[o.node];
      if (o.answer === "silent") {
        const since = before?.since ?? o.silentSince ?? clock.iso;
        next[o.node] = { failures: (before?.failures ?? 0) + o.silent, since, refusedSince: null };
        if (before?.refuses) next[o.node].refuses = true;
        out.restart.add(o.node);
      } else if (o.answer === "refused") {
        const refusedSince = ignoreRefusals ? null : before?.refusedSince ?? clock.iso;
        next[o.node] = { failures: 0, since: null, refusedSince, refuses: true };
        if (!ignoreRefusals) out.restart.add(o.node);
      }
    }
    records = next;
    const detail = `${silent} of ${counted.length} pool nodes silent${reported}, ${refused} refused on port ${port}`;
    out.status = {
      signal: "probe",
      state: "active",
      detail: ignoreRefusals ? `${detail}; refusals ignored: the port is not served on most nodes` : detail
    };
  } else {
    out.status = { signal: "probe", state: "active", detail: "not probed this run (probes run on the resync tick)" };
  }
  out.next = records;
  for (const [node, r] of Object.entries(records)) {
    if (r.refusedSince !== null) {
      const at = clock.at(r.refusedSince, "state file", `probe["${node}"].refusedSince`);
      if (at !== null) out.refused.set(node, at);
    }
    if (r.failures > 0 && r.since !== null) {
      const since = clock.at(r.since, "state file", `probe["${node}"].since`) ?? clock.now;
      const forSeconds = (clock.now - since) / 1e3;
      if (r.failures >= opts.failures && forSeconds >= opts.windowSeconds)
        out.problems.set(node, reason("probe-silent", { failures: r.failures, forSeconds, port }));
    }
  }
  return out;
}

// src/engine/signals.ts
var noObservations = () => ({
  memory: emptyEngineMemory(),
  keepSightings: false,
  probed: null
});
function nodeTimes(poolNodes, seen, clock) {
  const byNode = /* @__PURE__ */ new Map();
  for (const [name, n] of poolNodes) {
    const s = { readySince: clock.at(n.readySince, `Node ${name}`, "Ready lastTransitionTime") };
    const mem = own(seen.memory.unhealthy, name);
    if (mem) {
      const at = clock.at(mem.at, "state file", `nodes["${name}"].at`);
      if (at !== null) s.lastUnhealthy = { at, why: mem.why };
    }
    byNode.set(name, s);
  }
  return byNode;
}
function explainedBy(poolNodes, inventory) {
  const listed = new Map((inventory ?? []).map((n) => [n.name, n.down === true]));
  return (node) => {
    const pooled = poolNodes.get(node);
    if (pooled) return pooled.down === true;
    if (inventory === null) return false;
    return listed.get(node) ?? true;
  };
}
function readSignals(snapshot, opts, clock, seen, poolNodes) {
  const byNode = nodeTimes(poolNodes, seen, clock);
  const explained = explainedBy(poolNodes, snapshot.inventory ?? null);
  const { memory } = seen;
  const leaseSeen = seen.keepSightings ? memory.leaseSeen : void 0;
  const agentDown = seen.keepSightings ? memory.agentDown : void 0;
  const lease = readLeaseSignal(snapshot.leases, opts.lease, clock, leaseSeen, explained);
  if (lease.verdicts !== null) for (const [name, s] of byNode) s.lease = leaseOf(lease.verdicts, name);
  const down = new Set([...poolNodes].filter(([, n]) => n.down === true).map(([name]) => name));
  const probe2 = readProbe(opts.probe ?? null, seen.probed, memory.probe, new Set(poolNodes.keys()), clock, down);
  for (const [name, problem] of probe2.problems) {
    const s = byNode.get(name);
    if (s) s.probe = problem;
  }
  for (const name of probe2.restart) {
    const s = byNode.get(name);
    if (s) s.lastUnhealthy = { at: clock.now, why: "probe" };
  }
  const refusals = { since: probe2.refused, ports: opts.probe?.ports ?? [] };
  const agent = readAgentSignal(snapshot.agents, opts.agent, poolNodes, refusals, agentDown, clock);
  for (const [name, verdict] of agent.byNode) byNode.get(name).agent = verdict;
  return {
    byNode,
    statuses: [lease.status, agent.status, probe2.status],
    leaseSeen: lease.leaseSeen ?? memory.leaseSeen,
    agentDown: agent.agentDown,
    leasesKnown: lease.known,
    probe: probe2.next,
    restart: probe2.restart
  };
}

// src/engine/view.ts
var byName2 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var UNEXPLAINED = { problems: [], waiting: null };
var ClusterView = class {
  constructor(inputs, explanations2 = /* @__PURE__ */ new Map()) {
    this.explanations = explanations2;
    for (const { pool, nodes, terms } of inputs.pools) {
      const strings = terms === null ? [] : termStrings(terms);
      if (terms !== null && strings.length > 0) this.poolTerms.set(pool, { terms, strings });
      const names = [...new Set(nodes.map((n) => n.name))].sort(byName2);
      this.members.set(pool, names);
      this.memberSets.set(pool, new Set(names));
      for (const n of nodes) this.nodes.set(n.name, n);
    }
    const all = inputs.inventory ?? [...this.nodes.values()];
    const seen = /* @__PURE__ */ new Set();
    const index = (n) => {
      if (n.hostname === null || n.hostname === "" || seen.has(n.name)) return;
      seen.add(n.name);
      const list2 = this.byHostname.get(n.hostname);
      if (list2) list2.push(n.name);
      else this.byHostname.set(n.hostname, [n.name]);
    };
    for (const n of all) index(n);
    for (const n of this.nodes.values()) index(n);
    for (const list2 of this.byHostname.values()) list2.sort(byName2);
  }
  explanations;
  /** Pool → member names, sorted. */
  members = /* @__PURE__ */ new Map();
  nodes = /* @__PURE__ */ new Map();
  load = /* @__PURE__ */ new Map();
  memberSets = /* @__PURE__ */ new Map();
  /** Pool → its own terms and their term strings, for pools whose terms are known and not empty. */
  poolTerms = /* @__PURE__ */ new Map();
  /** kubernetes.io/hostname → the names of the nodes that carry it, sorted. */
  byHostname = /* @__PURE__ */ new Map();
  isMember(pool, node) {
    return this.memberSets.get(pool)?.has(node) ?? false;
  }
  /** Whether a pool node may keep its gateways (unknown nodes may not). */
  healthy(node) {
    const n = this.nodes.get(node);
    return n !== void 0 && n.state !== "unhealthy";
  }
  /** Why a pool node is unhealthy, for reasons only. */
  problems(node) {
    return [...(this.explanations.get(node) ?? UNEXPLAINED).problems];
  }
  /** Why a healthy pool node waits (agent grace, recovery delay), for reasons only. */
  waiting(node) {
    return (this.explanations.get(node) ?? UNEXPLAINED).waiting;
  }
  /** The nodes a hostname pin selects (Cilium matches the label, not the name). */
  nodesOf(hostname2) {
    return hostname2 === null ? [] : this.byHostname.get(hostname2) ?? [];
  }
  /** The one node a pin selects, or null when it selects none or several. */
  nodeOf(hostname2) {
    const nodes = this.nodesOf(hostname2);
    return nodes.length === 1 ? nodes[0] : null;
  }
  /** Hostnames carried by more than one node, with those nodes. */
  ambiguous() {
    const out = [];
    for (const [hostname2, nodes] of this.byHostname) if (nodes.length > 1) out.push({ hostname: hostname2, nodes });
    return out.sort((a, b) => byName2(a.hostname, b.hostname));
  }
  /** The pool's own terms, which every pin the hook writes carries; null when unknown or empty. */
  termsOf(pool) {
    return this.poolTerms.get(pool)?.terms ?? null;
  }
  /** Whether a pin carrying `terms` selects only members of `pool`: it carries every one of the pool's own terms. */
  confines(pool, terms) {
    const own2 = this.poolTerms.get(pool);
    return own2 !== void 0 && own2.strings.every((t) => terms.includes(t));
  }
  /**
   * The nodes a hostname pin selects, as far as the hook can tell: a pin that carries the pool's
   * terms selects only pool members (a node outside the pool that copied the hostname does not
   * match it); any other pin selects every node that carries the hostname.
   */
  pinned(pool, hostname2, terms) {
    const nodes = this.nodesOf(hostname2);
    if (nodes.length < 2 || !this.confines(pool, terms)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }
  /** The nodes a pin to `hostname` that a move writes now selects: with the pool's terms, only members. */
  pinnedByMove(pool, hostname2) {
    const nodes = this.nodesOf(hostname2);
    if (nodes.length < 2 || !this.poolTerms.has(pool)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }
  /** The one node a slot's pin selects (see `pinned`), or null when it selects none or several. */
  pinnedNode(pool, slot) {
    const nodes = this.pinned(pool, slot.hostname, slot.terms);
    return nodes.length === 1 ? nodes[0] : null;
  }
  addLoad(node, delta) {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }
};

// src/engine/assess.ts
var byName3 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function poolNodesOf(pools) {
  const objects = /* @__PURE__ */ new Map();
  const facts = /* @__PURE__ */ new Map();
  for (const nodes of pools.values()) {
    for (const n of nodes) {
      if (objects.has(n.name)) continue;
      objects.set(n.name, n);
      facts.set(n.name, {
        agentTaint: n.taints.includes(AGENT_NOT_READY_TAINT),
        agentTaintAdded: n.agentTaintAdded ?? null,
        readySince: n.ready?.status === "True" ? n.ready.since : null,
        down: reportedDown(n)
      });
    }
  }
  return { objects, facts };
}
function recoveryMemory(health, restart, before, delaySeconds, clock) {
  const memory = /* @__PURE__ */ Object.create(null);
  for (const h of health) {
    if (!h.healthy || restart.has(h.name)) {
      const why = h.healthy ? "probe" : h.problems.map((p) => p.reason.code).join(",");
      memory[h.name] = { at: clock.iso, why };
      continue;
    }
    const last = own(before, h.name);
    const at = last ? Date.parse(last.at) : Number.NaN;
    if (last && !Number.isNaN(at) && clock.now - Math.min(at, clock.now) < delaySeconds * 1e3)
      memory[h.name] = { at: new Date(Math.min(at, clock.now)).toISOString(), why: last.why };
  }
  return memory;
}
var ADDRESS_SHOWN = 64;
function nodeNotices(view, health, objects, probe2) {
  const notices = [];
  for (const a of view.ambiguous()) {
    if (a.nodes.some((n) => health.has(n)))
      notices.push(reason("hostnames-ambiguous", { hostname: a.hostname, nodes: [...a.nodes] }));
  }
  for (const h of health.values()) {
    if (h.egressIP.kind === "invalid")
      notices.push(
        reason("egress-ip-annotation-invalid", { node: h.name, value: h.egressIP.raw, problem: h.egressIP.problem })
      );
    else if (h.egressIP.kind === "conflict")
      notices.push(
        reason("egress-ip-annotation-conflict", {
          node: h.name,
          value: h.egressIP.ip,
          others: h.egressIP.nodes.filter((n) => n !== h.name)
        })
      );
  }
  for (const [name, n] of probe2 ? objects : []) {
    if (typeof n.address !== "string" || isIPAddress(n.address)) continue;
    const value = n.address.length > ADDRESS_SHOWN ? `${n.address.slice(0, ADDRESS_SHOWN)}\u2026` : n.address;
    notices.push(reason("node-address-invalid", { node: name, field: "status.addresses InternalIP", value }));
  }
  return notices;
}
function assess(snapshot, options, now, observations = noObservations()) {
  const before = observations.memory;
  const clock = new Clock(now.getTime(), before.clamped);
  const blockingTaints = options.agent ? options.blockingTaints.filter((t) => t !== AGENT_NOT_READY_TAINT) : options.blockingTaints;
  const healthOptions = { ...options, blockingTaints };
  const { objects, facts } = poolNodesOf(snapshot.pools);
  const signals = readSignals(snapshot, options, clock, observations, facts);
  const health = /* @__PURE__ */ new Map();
  for (const [name, n] of objects) health.set(name, assessNode(n, healthOptions, clock.now, signals.byNode.get(name)));
  markEgressIPConflicts(health.values());
  const pools = [...snapshot.pools.keys()].sort(byName3).map((pool) => ({
    pool,
    nodes: (snapshot.pools.get(pool) ?? []).map((n) => health.get(n.name))
  }));
  const nodesKnown = snapshot.inventory !== null && (options.lease === null || signals.leasesKnown);
  const inputs = decisionInputs(pools, options.poolTerms ?? {}, options.pools, snapshot.inventory, nodesKnown);
  const unhealthy = recoveryMemory(
    health.values(),
    signals.restart,
    before.unhealthy,
    options.recoveryDelaySeconds,
    clock
  );
  return {
    pools,
    inputs,
    explanations: explanations(pools),
    signals: signals.statuses,
    notices: [...clock.notices, ...nodeNotices(new ClusterView(inputs), health, objects, options.probe !== null)],
    memory: {
      unhealthy,
      leaseSeen: signals.leaseSeen,
      agentDown: signals.agentDown,
      remembered: before.remembered,
      clamped: clock.clamped,
      probe: signals.probe
    },
    nodesKnown
  };
}

// src/model/selector-match.ts
function unmatchedTerms(selector, labels) {
  const failed = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) failed.push(`${key}=${value}`);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    let ok;
    switch (expr.operator) {
      case "In":
        ok = has && values.includes(value);
        break;
      case "NotIn":
        ok = !has || !values.includes(value);
        break;
      case "Exists":
        ok = has;
        break;
      case "DoesNotExist":
        ok = !has;
        break;
      default:
        ok = false;
    }
    if (!ok) failed.push(`${expr.key} ${expr.operator}${values.length ? ` (${values.join(",")})` : ""}`);
  }
  return failed;
}

// src/engine/decide-policy.ts
function unmanaged(policy, action, r, gateways = [], field2) {
  return { policy, pool: null, action, gateways, slots: [], reason: r, ...field2 ? { field: field2 } : {} };
}
function keep(slot, r) {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason: r };
}
function judgeGateway(view, pool, slot) {
  const gateway = slot.hostname;
  if (gateway === null) return { leave: reason("not-pinned") };
  const nodes = view.pinned(pool, gateway, slot.terms);
  if (nodes.length === 0) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (nodes.length > 1) {
    const cannot = nodes.filter((n) => !view.isMember(pool, n) || !view.healthy(n));
    if (cannot.length > 0)
      return { leave: reason("gateway-ambiguous", { gateway, nodes: [...nodes], unhealthy: cannot }) };
    return { stay: reason("gateway-healthy", { gateway }) };
  }
  const node = nodes[0];
  if (!view.isMember(pool, node)) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (!view.healthy(node))
    return { leave: reason("gateway-unhealthy", { gateway, node, problems: view.problems(node) }) };
  const h = view.nodes.get(node);
  const labels = h?.labels ?? {};
  const unmatched = [...unmatchedTerms(slot.otherTerms, labels), ...unmatchedTerms(slot.poolTerms, labels)];
  if (unmatched.length > 0) return { leave: reason("gateway-selector-mismatch", { gateway, terms: unmatched }) };
  if (h?.state === "grace")
    return { stay: reason("gateway-in-grace", { gateway, grace: view.waiting(node) }) };
  return { stay: reason("gateway-healthy", { gateway }) };
}
function placeMoving(view, placement, pool, outcomes, moving) {
  const taken = /* @__PURE__ */ new Set();
  for (const o of outcomes) {
    if (!o) continue;
    for (const n of view.pinned(pool, o.from, o.slot.terms)) taken.add(n);
  }
  if (moving.length > 1) {
    for (const m of moving) m.fits = placement.count(pool, m.slot);
    moving.sort((a, b) => a.fits - b.fits);
  }
  for (const { index, slot, cause } of moving) {
    const choice = placement.pick(pool, slot, taken);
    if ("rejections" in choice) {
      const r = reason("no-node-fits", { cause, pool, rejections: choice.rejections });
      outcomes[index] = { slot, action: "stuck", from: slot.hostname, to: null, egressIP: null, reason: r };
      for (const n of view.pinned(pool, slot.hostname, slot.terms)) taken.add(n);
      continue;
    }
    taken.add(choice.node);
    view.addLoad(view.pinnedNode(pool, slot), -1);
    view.addLoad(choice.node, 1);
    let egressIP = null;
    const target = view.nodes.get(choice.node)?.egressIP;
    if (slot.egressIP !== null && target?.kind === "valid" && target.ip !== slot.egressIP) {
      egressIP = { from: slot.egressIP, to: target.ip };
    }
    const { node, hostname: hostname2, tier, load, shared } = choice;
    outcomes[index] = {
      slot,
      action: "move",
      from: slot.hostname,
      to: hostname2,
      egressIP,
      pin: pinSelector(hostname2, slot.otherTerms, view.termsOf(pool) ?? {}),
      reason: reason("move", { cause, node, hostname: hostname2, tier, load, shared, egressIP })
    };
  }
}
function summarize(slots) {
  const action = slots.some((s) => s.action === "move") ? "move" : slots.some((s) => s.action === "stuck") ? "stuck" : "keep";
  if (slots.length === 1) return { action, reason: slots[0].reason };
  if (action === "keep" && slots.every((s) => s.reason.code === "gateway-healthy"))
    return { action, reason: reason("all-healthy", { gateways: slots.map((s) => s.from) }) };
  const parts = slots.filter((s) => s.action !== "keep" || s.reason.code !== "gateway-healthy").map((s) => ({ slot: s.slot.label, reason: s.reason }));
  return { action, reason: reason("slots", { parts }) };
}
function decidePolicy(view, placement, shape, pool, managed) {
  const outcomes = new Array(shape.slots.length);
  const moving = [];
  shape.slots.forEach((slot, index) => {
    if (!managed[index]) {
      outcomes[index] = keep(slot, reason("foreign-slot", { gateway: slot.hostname, pool }));
      return;
    }
    const j = judgeGateway(view, pool, slot);
    if ("stay" in j) outcomes[index] = keep(slot, j.stay);
    else moving.push({ index, slot, cause: j.leave, fits: 0 });
  });
  if (moving.length > 0) placeMoving(view, placement, pool, outcomes, moving);
  const { action, reason: r } = summarize(outcomes);
  const decision = {
    policy: shape.name,
    pool,
    action,
    gateways: shape.slots.map((s) => s.hostname),
    slots: outcomes,
    reason: r
  };
  if (action === "move") decision.poolTerms = termStrings(view.termsOf(pool) ?? {});
  return decision;
}

// src/engine/placement.ts
function fit(view, pool, node, slot) {
  const h = view.nodes.get(node);
  if (!h || !view.isMember(pool, node)) return reason("not-a-member", { pool });
  if (h.state === "unhealthy") return reason("unhealthy", { problems: view.problems(node) });
  if (h.state === "grace") return view.waiting(node);
  if (h.hostname === null) return reason("no-hostname-label");
  const sharing = view.pinnedByMove(pool, h.hostname);
  if (sharing.length > 1) return reason("hostname-ambiguous", { hostname: h.hostname, nodes: [...sharing] });
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) return reason("selector-mismatch", { terms: unmatched });
  if (slot.egressIP !== null) {
    if (h.egressIP.kind === "none") return reason("egress-ip-missing");
    if (h.egressIP.kind === "invalid")
      return reason("egress-ip-invalid", { value: h.egressIP.raw, problem: h.egressIP.problem });
    if (h.egressIP.kind === "conflict")
      return reason("egress-ip-conflict", { value: h.egressIP.ip, nodes: [...h.egressIP.nodes] });
    const want = familyOf(slot.egressIP);
    if (h.egressIP.family !== want)
      return reason("egress-ip-family", { value: h.egressIP.ip, got: h.egressIP.family, want });
  }
  return h.state === "settled" ? "settled" : "recovering";
}
var Placement = class {
  constructor(view) {
    this.view = view;
  }
  view;
  cache = /* @__PURE__ */ new Map();
  /**
   * The fitting nodes of `pool` for `slot`, by tier, in name order. Fit depends only on the pool
   * and on what the slot requires, so it is computed once per distinct requirement: thousands of
   * policies usually share a handful.
   */
  fitting(pool, slot) {
    const family = slot.egressIP === null ? null : familyOf(slot.egressIP);
    const key = JSON.stringify([pool, slot.otherTerms, family]);
    let tiers = this.cache.get(key);
    if (!tiers) {
      tiers = { settled: [], recovering: [] };
      for (const node of this.view.members.get(pool) ?? []) {
        const t = fit(this.view, pool, node, slot);
        if (t === "settled") tiers.settled.push(node);
        else if (t === "recovering") tiers.recovering.push(node);
      }
      const rank = (n) => this.view.nodes.get(n)?.recoveringRank ?? 0;
      tiers.recovering.sort((a, b) => rank(a) - rank(b));
      this.cache.set(key, tiers);
    }
    return tiers;
  }
  count(pool, slot) {
    const t = this.fitting(pool, slot);
    return t.settled.length + t.recovering.length;
  }
  pick(pool, slot, taken) {
    const { settled, recovering } = this.fitting(pool, slot);
    if (settled.length + recovering.length === 0) {
      const rejections = (this.view.members.get(pool) ?? []).map((node) => ({
        node,
        reason: fit(this.view, pool, node, slot)
      }));
      return { rejections };
    }
    const free = (nodes2) => nodes2.filter((n) => !taken.has(n));
    const freeSettled = free(settled);
    const freeRecovering = free(recovering);
    const tier = freeSettled.length > 0 || freeRecovering.length === 0 && settled.length > 0 ? "settled" : "recovering";
    const nodes = tier === "settled" ? settled : recovering;
    const fresh = tier === "settled" ? freeSettled : freeRecovering;
    const choices = fresh.length > 0 ? fresh : nodes;
    let best = choices[0];
    if (tier === "settled") {
      const load = (n) => this.view.load.get(n) ?? 0;
      for (const node of choices) if (load(node) < load(best)) best = node;
    }
    const h = this.view.nodes.get(best);
    return {
      node: best,
      hostname: h?.hostname ?? best,
      tier,
      load: this.view.load.get(best) ?? 0,
      shared: fresh.length === 0
    };
  }
};

// src/engine/scope.ts
init_objects();
function pinnedToMember(view, pool, hostname2) {
  for (const node of view.nodesOf(hostname2)) if (view.isMember(pool, node)) return true;
  return false;
}
function scopeOf(view, shape, configured, remembered, nodesKnown) {
  if (shape.poolAnnotation !== null) {
    if (configured.includes(shape.poolAnnotation))
      return { kind: "managed", pool: shape.poolAnnotation, via: "annotation", slots: shape.slots.map(() => true) };
    return {
      kind: "invalid",
      field: `metadata.annotations["${ANNOTATION_POOL}"]`,
      reason: reason("unknown-pool", { pool: shape.poolAnnotation, configured: [...configured] })
    };
  }
  let best = null;
  for (const pool of view.members.keys()) {
    let count = 0;
    for (const s of shape.slots) if (pinnedToMember(view, pool, s.hostname)) count++;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  if (best !== null) {
    const pool = best.pool;
    return { kind: "managed", pool, via: "pin", slots: shape.slots.map((s) => pinnedToMember(view, pool, s.hostname)) };
  }
  const before = Object.hasOwn(remembered, shape.name) ? remembered[shape.name] : void 0;
  if (before !== void 0 && configured.includes(before)) {
    if (!nodesKnown)
      return {
        kind: "ignore",
        reason: reason("not-managed", { because: "inventory-unknown" }),
        keepRemembered: before
      };
    const gone = shape.slots.map((s) => s.hostname !== null && view.nodesOf(s.hostname).length === 0);
    if (gone.some(Boolean)) return { kind: "managed", pool: before, via: "remembered", slots: gone };
    if (shape.slots.every((s) => s.hostname === null))
      return { kind: "ignore", reason: reason("not-managed", { because: "remembered-unpinned" }) };
  }
  return { kind: "ignore", reason: reason("not-managed", { because: "no-pool-pin" }) };
}

// src/engine/decide.ts
var byName4 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function unmanageable(shape) {
  if (shape.poolAnnotation === null)
    return unmanaged(
      shape.name,
      "ignore",
      reason("not-managed", { because: "unmanageable", field: shape.field, message: shape.message })
    );
  return unmanaged(
    shape.name,
    "invalid",
    reason("invalid-policy", { field: shape.field, message: shape.message }),
    [],
    shape.field
  );
}
function decidePolicies(inputs, explanations2, policies, remembered) {
  const view = new ClusterView(inputs, explanations2);
  const placement = new Placement(view);
  const nextRemembered = /* @__PURE__ */ Object.create(null);
  const sorted = [...policies].sort((a, b) => byName4(a.name, b.name));
  const decisions = new Array(sorted.length);
  const managed = [];
  sorted.forEach((p, index) => {
    const shape = readPolicy(p);
    if (isInvalid(shape)) {
      decisions[index] = unmanageable(shape);
      return;
    }
    const gateways = shape.slots.map((s) => s.hostname);
    if (shape.deleting) {
      decisions[index] = unmanaged(shape.name, "ignore", reason("deleting"), gateways);
      return;
    }
    const scope = scopeOf(view, shape, inputs.configured, remembered, inputs.nodesKnown);
    if (scope.kind === "invalid") {
      decisions[index] = unmanaged(shape.name, "invalid", scope.reason, [], scope.field);
    } else if (scope.kind === "ignore") {
      decisions[index] = unmanaged(shape.name, "ignore", scope.reason, gateways);
      if (scope.keepRemembered !== void 0) nextRemembered[shape.name] = scope.keepRemembered;
    } else {
      managed.push({ index, shape, pool: scope.pool, slots: scope.slots });
      shape.slots.forEach((s, i) => {
        if (scope.slots[i]) view.addLoad(view.pinnedNode(scope.pool, s), 1);
      });
      if (scope.via !== "annotation") nextRemembered[shape.name] = scope.pool;
    }
  });
  for (const m of managed) decisions[m.index] = decidePolicy(view, placement, m.shape, m.pool, m.slots);
  return { decisions, remembered: nextRemembered };
}
function planOf(a, decisions, remembered) {
  return {
    decisions,
    pools: a.pools,
    inputs: a.inputs,
    signals: a.signals,
    notices: a.notices,
    memory: { ...a.memory, remembered },
    nodesKnown: a.nodesKnown
  };
}
function decideFrom(assessment, policies) {
  const { inputs, explanations: explanations2, memory } = assessment;
  const decided = decidePolicies(inputs, explanations2, policies, memory.remembered);
  return planOf(assessment, decided.decisions, decided.remembered);
}

// src/hook/assessment.ts
init_binding_context();

// src/hook/state.ts
var import_node_crypto = require("node:crypto");
var METRICS_REFRESH_SECONDS = 60;
function strongHash(text) {
  return (0, import_node_crypto.createHash)("sha256").update(text).digest("base64");
}
function textHash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return `${(h >>> 0).toString(16)}-${text.length}`;
}
function metricsStale(last, text, now) {
  return metricsDue(last, now) || last?.hash !== textHash(text);
}
function metricsDue(last, now) {
  return last === null || last.force || due2(last.at, now, METRICS_REFRESH_SECONDS);
}
var due2 = (at, now, seconds2) => due(at, now.getTime(), seconds2);
function record() {
  return /* @__PURE__ */ Object.create(null);
}
function emptyState() {
  return {
    engine: emptyEngineMemory(),
    stuck: record(),
    failovers: record(),
    pending: [],
    notices: record(),
    metricsWritten: null,
    decided: null,
    index: null,
    sightings: record(),
    deferUntil: null
  };
}
var EMPTY_STATE = Object.freeze(emptyState());
function fields(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}
var MAX_STATE_BYTES = 4 * 1024 * 1024;
var unsavedMarker = (stateFile) => `${stateFile}.unsaved`;
var STATE_VERSION = 2;
function readHook(state, h, version) {
  for (const [name, since] of Object.entries(fields(h.stuck))) {
    if (typeof since === "string") state.stuck[name] = since;
  }
  for (const [pool, n] of Object.entries(fields(h.failovers))) {
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) state.failovers[pool] = n;
  }
  if (Array.isArray(h.pending)) {
    for (const entry of h.pending) {
      const e = fields(entry);
      const pins = (v) => Array.isArray(v) && v.every((x) => x === null || typeof x === "string");
      if (typeof e.id === "string" && typeof e.policy === "string" && typeof e.pool === "string" && typeof e.at === "string" && typeof e.slots === "number" && pins(e.from) && pins(e.to) && typeof e.code === "string") {
        const { id, policy, pool, at, slots, from, to, code } = e;
        const problems = Array.isArray(e.problems) ? e.problems.filter((p) => typeof p === "string") : [];
        state.pending.push({
          id,
          policy,
          pool,
          at,
          slots,
          from,
          to,
          code,
          ...problems.length > 0 ? { problems } : {}
        });
      }
    }
  }
  for (const [key, entry] of Object.entries(fields(h.notices))) {
    const e = fields(entry);
    if (typeof e.text === "string" && typeof e.at === "string")
      state.notices[key] = { text: version === 1 ? textHash(e.text) : e.text, at: e.at };
  }
  const mw = fields(h.metricsWritten);
  if (typeof mw.hash === "string" && typeof mw.at === "string" && typeof mw.force === "boolean")
    state.metricsWritten = { hash: mw.hash, at: mw.at, force: mw.force };
  if (typeof h.decided === "string") state.decided = h.decided;
  if (typeof h.index === "string") state.index = h.index;
  for (const [key, at] of Object.entries(fields(h.sightings))) if (typeof at === "string") state.sightings[key] = at;
  if (typeof h.deferUntil === "string") state.deferUntil = h.deferUntil;
}
function readEngine(e, unhealthy) {
  const m = emptyEngineMemory();
  for (const [name, pool] of Object.entries(fields(e.remembered))) {
    if (typeof pool === "string") m.remembered[name] = pool;
  }
  for (const [name, entry] of Object.entries(fields(e.leaseSeen))) {
    const x = fields(entry);
    if (typeof x.renewTime === "string" && typeof x.seenAt === "string") {
      m.leaseSeen[name] = { renewTime: x.renewTime, seenAt: x.seenAt };
    }
  }
  for (const [name, since] of Object.entries(fields(e.agentDown))) {
    if (typeof since === "string") m.agentDown[name] = since;
  }
  for (const [name, entry] of Object.entries(fields(unhealthy))) {
    const x = fields(entry);
    if (typeof x.at === "string" && typeof x.why === "string") m.unhealthy[name] = { at: x.at, why: x.why };
  }
  for (const [node, entry] of Object.entries(fields(e.probe))) {
    const x = fields(entry);
    const time = (v) => typeof v === "string" ? v : null;
    if (typeof x.failures === "number" && Number.isInteger(x.failures) && x.failures >= 0)
      m.probe[node] = {
        failures: x.failures,
        since: time(x.since),
        refusedSince: time(x.refusedSince),
        ...x.refuses === true ? { refuses: true } : {}
      };
  }
  for (const [key, entry] of Object.entries(fields(e.clamped))) {
    const x = fields(entry);
    if (typeof x.value === "string" && typeof x.at === "string") m.clamped[key] = { value: x.value, at: x.at };
  }
  return m;
}
function readStateText(text) {
  if (text.length > MAX_STATE_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_STATE_BYTES}`);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const doc = fields(parsed);
  if (doc.version !== 1 && doc.version !== STATE_VERSION) {
    const v = typeof doc.version === "number" ? String(doc.version) : typeof doc.version;
    throw new Error(`unknown state version (${v})`);
  }
  const version = doc.version;
  const state = emptyState();
  const engine = version === 1 ? doc : fields(doc.engine);
  state.engine = readEngine(engine, version === 1 ? doc.nodes : engine.unhealthy);
  readHook(state, version === 1 ? doc : fields(doc.hook), version);
  return { state, version };
}
var parseState = (text) => readStateText(text).state;
function engineRecord(memory) {
  const { unhealthy, leaseSeen, agentDown, clamped: clamped2, probe: probe2, remembered } = memory;
  return { unhealthy, leaseSeen, agentDown, clamped: clamped2, probe: probe2, remembered };
}
function serializeState(state) {
  const { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil } = state;
  const hook = { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil };
  return `${JSON.stringify({ version: STATE_VERSION, engine: engineRecord(state.engine), hook })}
`;
}

// src/hook/budget.ts
var HOOK_RESERVE_BYTES = 16 * 1024;
var reserve = (cap) => Math.min(HOOK_RESERVE_BYTES, Math.floor(cap / 4));
var MAX_PENDING_MOVES = 2e4;
var bytes = (text) => Buffer.byteLength(text);
function signalMemoryFits(a, cap) {
  const memory = engineRecord({ ...a.memory, remembered: emptyRecord() });
  return bytes(JSON.stringify(memory)) + reserve(cap) <= cap;
}
function fitState(state, cap) {
  const shed = { notices: 0, stuck: 0, pending: 0 };
  let s = state;
  if (s.pending.length > MAX_PENDING_MOVES) {
    shed.pending = s.pending.length - MAX_PENDING_MOVES;
    s = { ...s, pending: s.pending.slice(shed.pending) };
  }
  let text = serializeState(s);
  if (bytes(text) > cap && Object.keys(s.notices).length > 0) {
    shed.notices = Object.keys(s.notices).length;
    s = { ...s, notices: emptyRecord() };
    text = serializeState(s);
  }
  if (bytes(text) > cap && Object.keys(s.stuck).length > 0) {
    shed.stuck = Object.keys(s.stuck).length;
    s = { ...s, stuck: emptyRecord() };
    text = serializeState(s);
  }
  while (bytes(text) > cap && s.pending.length > 0) {
    const per = bytes(JSON.stringify(s.pending)) / s.pending.length;
    const drop = Math.min(s.pending.length, Math.ceil((bytes(text) - cap) / per) + 1);
    shed.pending += drop;
    s = { ...s, pending: s.pending.slice(drop) };
    text = serializeState(s);
  }
  return { state: s, text, shed, fits: bytes(text) <= cap };
}

// src/hook/assessment.ts
function parseContext(doc, settings, options = {}) {
  return parseBindingContext(
    doc,
    options.poolsFromContext ? null : settings.pools.map((p) => p.name),
    options.strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false }
  );
}
function isTick(parsed) {
  return parsed.contexts.some((c) => c.type === "Schedule" || c.binding === RESYNC_BINDING);
}
function probeTargets(parsed) {
  const seen = /* @__PURE__ */ new Map();
  for (const nodes of parsed.snapshot?.pools.values() ?? [])
    for (const n of nodes) if (n.address && isIPAddress(n.address)) seen.set(n.name, n.address);
  return [...seen].map(([node, address]) => ({ node, address }));
}
function decisionOptions(settings, pools) {
  const poolTerms = /* @__PURE__ */ Object.create(null);
  for (const p of settings.pools) if (pools.includes(p.name)) poolTerms[p.name] = p.selector;
  return {
    pools,
    poolTerms,
    cordonDrains: settings.cordonDrains,
    recoveryDelaySeconds: settings.recoveryDelaySeconds,
    blockingTaints: settings.blockingTaints,
    lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
    agent: settings.agentSignal ? {
      source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}`,
      graceSeconds: settings.agentGraceSeconds
    } : null,
    probe: settings.probe ? { failures: settings.probe.failures, windowSeconds: settings.probe.windowSeconds, ports: settings.probe.ports } : null
  };
}
function observationsOf(state, options) {
  return {
    memory: state.engine,
    // Lease ages and agent grace by the hook's own sightings whenever there is a state to keep them in.
    keepSightings: options.state !== void 0,
    probed: options.probed ?? null
  };
}
function withMemory(plan, memory) {
  if (memory !== "lost") return plan;
  return {
    ...plan,
    signals: plan.signals.map(
      (s) => (s.signal === "lease" || s.signal === "agent") && s.state === "active" ? { ...s, state: "unavailable", detail: `${s.detail}, but the hook's state file cannot be kept` } : s
    )
  };
}
function assessRun(snapshot, settings, pools, now, state, options) {
  const opts = decisionOptions(settings, pools);
  const a = assess(snapshot, opts, now, observationsOf(state, options));
  const fits = options.stateCap === void 0 || signalMemoryFits(a, options.stateCap);
  return withMemory(a, fits ? options.memory : "lost");
}

// src/engine/moves.ts
function moveMessage(m) {
  const pins = (xs) => xs.map((x) => x ?? "none").join(",");
  const why = m.problems && m.problems.length > 0 ? `${m.code}: ${m.problems.join(", ")}` : m.code;
  return `gateway moved from ${pins(m.from)} to ${pins(m.to)} (${why})`;
}
function moveProblems(d) {
  const r = d.slots.find((s) => s.action === "move")?.reason;
  if (r?.code !== "move" || r.cause.code !== "gateway-unhealthy") return [];
  return [...new Set(r.cause.problems.map((p) => p.code))];
}
var clamped = (m, now) => {
  const t = Date.parse(m.at);
  return t > now ? { ...m, at: new Date(now).toISOString() } : m;
};
var PENDING_EXPIRY_SECONDS = 300;
var PENDING_HOLD_SECONDS = 10;
var DEFER_SECONDS = 300;
function parseLastMove(text) {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return typeof v === "object" && v !== null && typeof v.id === "string" && typeof v.by === "string" ? v : null;
  } catch {
    return null;
  }
}
function sightingKey(m) {
  const dash = m.id.lastIndexOf("-");
  return `${m.by} ${dash > 0 ? m.id.slice(0, dash) : m.id}`;
}
function sightedAt(seen, m) {
  const key = sightingKey(m);
  return Object.hasOwn(seen.sightings, key) ? Date.parse(seen.sightings[key]) : Number.NaN;
}
var HEAD = /^\{"id":"([^"\\]*)","by":"([^"\\]*)",/;
function headOf(text) {
  const m = HEAD.exec(text);
  if (m) return { id: m[1], by: m[2], text };
  const lm = parseLastMove(text);
  return lm ? { id: lm.id, by: lm.by, text } : null;
}
function sightMoves(policies, previous, now) {
  const last = /* @__PURE__ */ new Map();
  const sightings = /* @__PURE__ */ Object.create(null);
  const at = now.toISOString();
  for (const p of policies) {
    const head = p.lastMove ? headOf(p.lastMove) : null;
    if (head === null) continue;
    last.set(p.name, head);
    const key = sightingKey(head);
    if (Object.hasOwn(sightings, key)) continue;
    const before = Object.hasOwn(previous, key) ? Date.parse(previous[key]) : Number.NaN;
    sightings[key] = before <= now.getTime() ? previous[key] : at;
  }
  return { last, sightings };
}
function settleMoves(pending, pins, seen, writer, now) {
  const out = { confirmed: [], dropped: [], pending: [] };
  if (pending.length === 0) return out;
  const confirmedPolicies = /* @__PURE__ */ new Set();
  for (const stored of pending) {
    const move = clamped(stored, now);
    const current = pins.get(move.policy);
    if (current === void 0) {
      out.dropped.push({ move, why: "policy-gone" });
      continue;
    }
    const lm = seen.last.get(move.policy) ?? null;
    if (lm && lm.id === move.id && lm.by === writer) {
      out.confirmed.push(move);
      confirmedPolicies.add(move.policy);
    } else if (lm && sightedAt(seen, lm) > Date.parse(move.at) || !same(current, move.from)) {
      out.dropped.push({ move, why: "superseded" });
    } else if (now - Date.parse(move.at) > PENDING_EXPIRY_SECONDS * 1e3 || Number.isNaN(Date.parse(move.at))) {
      out.dropped.push({ move, why: "expired" });
    } else {
      out.pending.push(move);
    }
  }
  if (confirmedPolicies.size > 0) {
    const keep2 = [];
    for (const m of out.pending) {
      if (confirmedPolicies.has(m.policy)) out.dropped.push({ move: m, why: "superseded" });
      else keep2.push(m);
    }
    out.pending = keep2;
  }
  return out;
}
var PER_REPLICA = /* @__PURE__ */ new Set(["probe-silent"]);
function perReplicaProblems(s) {
  if (s.action !== "move" || s.reason.code !== "move" || s.reason.cause.code !== "gateway-unhealthy") return null;
  const problems = s.reason.cause.problems;
  return problems.length > 0 && problems.every((p) => PER_REPLICA.has(p.code)) ? [...problems] : null;
}
function deferMoves(decisions, seen, writer, now) {
  let until = null;
  const out = decisions.map((d) => {
    if (d.action !== "move") return d;
    const head = seen.last.get(d.policy);
    if (head === void 0 || head.by === writer) return d;
    const since = sightedAt(seen, head);
    const ends = since + DEFER_SECONDS * 1e3;
    const lm = now < ends && now >= since ? parseLastMove(head.text) : null;
    if (lm === null) return d;
    let changed = false;
    const slots = d.slots.map((s, i) => {
      const problems = perReplicaProblems(s);
      if (problems === null || s.from === null || lm.to[i] !== s.from) return s;
      changed = true;
      const r = reason("gateway-deferred", {
        gateway: s.from,
        problems,
        by: lm.by,
        forSeconds: Math.floor((now - since) / 1e3),
        deferSeconds: DEFER_SECONDS
      });
      return { slot: s.slot, action: "keep", from: s.from, to: s.from, egressIP: null, reason: r };
    });
    if (!changed) return d;
    until = until === null ? ends : Math.min(until, ends);
    return { ...d, slots, ...summarize(slots) };
  });
  return { decisions: out, until };
}
var same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function inFlight(pending, policy, from, to, now) {
  return pending.some(
    (m) => m.policy === policy && !due(m.at, now, PENDING_HOLD_SECONDS) && same(m.from, from) && same(m.to, to)
  );
}
function moveSummary(d) {
  const r = d.slots.find((s) => s.action === "move")?.reason;
  return r?.code === "move" ? { reason: r.cause.code, tier: r.tier } : { reason: d.reason.code, tier: "settled" };
}

// src/patch/events.ts
var EVENT_COMPONENT = "cilium-egress-ha";
var EVENT_NAMESPACE = "default";
function truncate(message) {
  return Buffer.byteLength(message) <= 1024 ? message : `${Buffer.from(message).subarray(0, 1020).toString()}\u2026`;
}
function eventName(object, now, reason2, n) {
  const suffix = `.${reason2.toLowerCase()}.${now.getTime().toString(16)}${n > 0 ? `.${n}` : ""}`;
  const head = object.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}
var onPolicy = (name, uids) => {
  const o = { apiVersion: "cilium.io/v2", kind: "CiliumEgressGatewayPolicy", name };
  const uid = uids.get(name);
  if (uid) o.uid = uid;
  return o;
};
function ranked(counts) {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
function stuckSummaries(stuck, hostToNode) {
  const byPool = /* @__PURE__ */ new Map();
  for (const d of stuck) {
    const list2 = byPool.get(d.pool ?? "");
    if (list2) list2.push(d);
    else byPool.set(d.pool ?? "", [d]);
  }
  const out = [];
  for (const [pool, ds] of [...byPool].sort(([a], [b]) => a < b ? -1 : 1)) {
    const pins = /* @__PURE__ */ new Map();
    const codes = /* @__PURE__ */ new Map();
    for (const d of ds) {
      codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
      for (const s of d.slots) if (s.from !== null) pins.set(s.from, (pins.get(s.from) ?? 0) + 1);
    }
    const on = ranked(pins);
    const source = on[0]?.[0] ?? "";
    const list2 = (xs) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "NoEligibleGateways",
      type: "Warning",
      message: `${ds.length} policies of pool ${pool} have no eligible gateway: on ${list2(on)}; why: ${list2(ranked(codes))}; one summary instead of an Event per policy`
    });
  }
  return out;
}
function summaries(confirmed, hostToNode) {
  const byPool = /* @__PURE__ */ new Map();
  for (const m of confirmed) {
    const list2 = byPool.get(m.pool);
    if (list2) list2.push(m);
    else byPool.set(m.pool, [m]);
  }
  const out = [];
  for (const [pool, moves] of [...byPool].sort(([a], [b]) => a < b ? -1 : 1)) {
    const count = (pins) => {
      const c = /* @__PURE__ */ new Map();
      for (const m of moves) for (const p of pins(m)) if (p !== null) c.set(p, (c.get(p) ?? 0) + 1);
      return ranked(c);
    };
    const from = count((m) => m.from.filter((p, i) => p !== m.to[i]));
    const to = count((m) => m.to.filter((p, i) => p !== m.from[i]));
    const source = from[0]?.[0] ?? "";
    const slots = moves.reduce((n, m) => n + m.slots, 0);
    const list2 = (xs) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "GatewaysMoved",
      type: "Normal",
      message: `${moves.length} policies of pool ${pool} (${slots} gateways) moved: from ${list2(from)} to ${list2(to)}; one summary instead of an Event per policy`
    });
  }
  return out;
}
function toEventOperations(confirmed, decisions, uids, previouslyStuck, now, limit = Number.POSITIVE_INFINITY, hostToNode = /* @__PURE__ */ new Map()) {
  const items2 = confirmed.length > limit ? summaries(confirmed, hostToNode) : confirmed.map((m) => ({
    involved: onPolicy(m.policy, uids),
    reason: "GatewayMoved",
    type: "Normal",
    message: moveMessage(m)
  }));
  const stuck = decisions.filter((d) => d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy));
  if (stuck.length > limit) items2.push(...stuckSummaries(stuck, hostToNode));
  else
    for (const d of stuck)
      items2.push({
        involved: onPolicy(d.policy, uids),
        reason: "NoEligibleGateway",
        type: "Warning",
        message: renderReason(d.reason)
      });
  const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return items2.map(({ involved, reason: reason2, type, message }, n) => ({
    operation: "Create",
    object: {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName(String(involved.name), now, reason2, n), namespace: EVENT_NAMESPACE },
      involvedObject: involved,
      reason: reason2,
      type,
      message: truncate(message),
      source: { component: EVENT_COMPONENT },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1
    }
  }));
}

// src/patch/metrics.ts
var METRIC_GROUP = "cilium_egress_ha";
var PREFIX2 = "cilium_egress_ha_";
function sharedGateways(d, applied = true) {
  if (d.pool === null || d.slots.length < 2) return [];
  const by = /* @__PURE__ */ new Map();
  for (const s of d.slots) {
    const pin = applied ? s.to ?? s.from : s.from;
    if (pin === null || s.reason.code === "foreign-slot") continue;
    by.set(pin, [...by.get(pin) ?? [], s.slot.label]);
  }
  return [...by].filter(([, slots]) => slots.length > 1).map(([gateway, slots]) => ({ gateway, slots }));
}
function toMetrics(plan, failovers, applied = true, perPolicy = true) {
  const out = [];
  const set = (name, value, labels) => {
    out.push({ name: `${PREFIX2}${name}`, group: METRIC_GROUP, action: "set", value, labels });
  };
  const nodeName = /* @__PURE__ */ new Map();
  for (const pool of plan.pools) for (const n of pool.nodes) if (n.hostname !== null) nodeName.set(n.hostname, n.name);
  const gateways = /* @__PURE__ */ new Map();
  for (const d of plan.decisions) {
    if (d.pool === null || d.action !== "keep" && d.action !== "move" && d.action !== "stuck") continue;
    for (const s of d.slots) {
      const pin = applied ? s.to ?? s.from : s.from;
      if (pin === null) continue;
      const node = nodeName.get(pin) ?? pin;
      gateways.set(node, (gateways.get(node) ?? 0) + 1);
      if (perPolicy) set("policy_gateway", 1, { policy: d.policy, pool: d.pool, slot: s.slot.label, node });
    }
    if (d.action === "stuck") set("policy_stuck", 1, { policy: d.policy, pool: d.pool });
    for (const g of sharedGateways(d, applied))
      set("policy_shared_gateway", g.slots.length, {
        policy: d.policy,
        pool: d.pool,
        node: nodeName.get(g.gateway) ?? g.gateway
      });
  }
  for (const pool of plan.pools) {
    const counts = Object.fromEntries(NODE_STATES.map((s) => [s, 0]));
    for (const n of pool.nodes) counts[n.state]++;
    for (const [state, value] of Object.entries(counts)) set("pool_nodes", value, { pool: pool.pool, state });
    for (const n of pool.nodes) set("node_gateways", gateways.get(n.name) ?? 0, { pool: pool.pool, node: n.name });
    const conflicts = pool.nodes.filter((n) => n.egressIP.kind === "conflict").length;
    set("egress_ip_conflicts", conflicts, { pool: pool.pool });
    set("failovers", Object.hasOwn(failovers, pool.pool) ? failovers[pool.pool] : 0, {
      pool: pool.pool
    });
  }
  const invalid2 = plan.decisions.filter((d) => d.action === "invalid").length;
  set("policies_invalid", invalid2, {});
  for (const signal of plan.signals) {
    for (const state of ["active", "off", "unavailable", "suspended"]) {
      set("signal_state", signal.state === state ? 1 : 0, { signal: signal.signal, state });
    }
  }
  return out;
}
var STATE_BYTES_METRIC = `${PREFIX2}state_bytes`;
var STATE_BYTES_STEP = 4096;
function stateMetric(bytes2) {
  const value = Math.ceil(bytes2 / STATE_BYTES_STEP) * STATE_BYTES_STEP;
  return { name: STATE_BYTES_METRIC, group: METRIC_GROUP, action: "set", value, labels: {} };
}

// src/patch/operations.ts
init_objects();
function pointerToken(token) {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
function slotPatch(d) {
  const { slot } = d;
  const selector = `${slot.path}/nodeSelector`;
  const tests = [{ op: "test", path: selector, value: slot.nodeSelector }];
  const changes = [{ op: "replace", path: selector, value: d.pin }];
  if (d.egressIP !== null) {
    tests.push({ op: "test", path: `${slot.path}/egressIP`, value: d.egressIP.from });
    changes.push({ op: "replace", path: `${slot.path}/egressIP`, value: d.egressIP.to });
  }
  return { tests, changes };
}
function toOperations(writes) {
  const ops = [];
  for (const { decision, lastMove, hasAnnotations } of writes) {
    if (decision.action !== "move") continue;
    const tests = [];
    const changes = [];
    const owned = new Set(decision.poolTerms);
    for (const slot of decision.slots) {
      if (slot.action !== "move") {
        for (const t of termStrings(slot.slot.poolTerms)) owned.add(t);
        continue;
      }
      const p = slotPatch(slot);
      tests.push(...p.tests);
      changes.push(...p.changes);
    }
    const annotations = {
      [ANNOTATION_POOL_TERMS]: JSON.stringify([...owned].sort()),
      [ANNOTATION_LAST_MOVE]: JSON.stringify(lastMove)
    };
    if (!hasAnnotations) {
      tests.push({ op: "test", path: "/metadata/annotations", value: null });
      changes.push({ op: "add", path: "/metadata/annotations", value: annotations });
    } else {
      for (const [key, value] of Object.entries(annotations))
        changes.push({ op: "add", path: `/metadata/annotations/${pointerToken(key)}`, value });
    }
    ops.push({
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: decision.policy,
      jsonPatch: [...tests, ...changes]
    });
  }
  return ops;
}
function toNdjson(items2) {
  let out = "";
  for (const item of items2) out += `${JSON.stringify(item)}
`;
  return out;
}

// src/hook/pipeline.ts
init_binding_context();

// src/hook/conditions.ts
var ERROR_REPEAT_SECONDS = 60;
function fingerprint(r) {
  return JSON.stringify(
    r,
    (key, value) => typeof value === "number" || key === "now" || key === "since" || key === "at" ? void 0 : value
  );
}
function repeatDue(notice, now) {
  return due2(notice.at, now, ERROR_REPEAT_SECONDS);
}
function conditionsToLog(previous, current, now, carry) {
  const next = /* @__PURE__ */ Object.create(null);
  if (carry) {
    for (const [key, notice] of Object.entries(previous)) if (carry.test(key)) next[key] = notice;
  }
  const log = [];
  const at = now.toISOString();
  for (const c of current) {
    const before = Object.hasOwn(previous, c.key) ? previous[c.key] : void 0;
    const text = textHash(c.fingerprint);
    if (before === void 0 || before.text !== text || c.level === "error" && repeatDue(before, now)) {
      log.push(c);
      next[c.key] = { text, at };
    } else {
      next[c.key] = before;
    }
  }
  const cleared = Object.keys(previous).filter((k) => !Object.hasOwn(next, k));
  return { log, cleared, next };
}
function noticeCondition(r, render) {
  const subject = "node" in r ? r.node : "hostname" in r ? r.hostname : "object" in r ? `${r.object} ${r.field}` : "";
  return {
    key: `notice:${r.code}:${String(subject)}`,
    level: "warn",
    fingerprint: fingerprint(r),
    msg: render(r),
    fields: { code: r.code }
  };
}
function fileCondition(setting, code, msg) {
  return { key: `file:${setting}`, level: "error", fingerprint: code, msg, fields: { file: setting, code } };
}
var SUPPORTED_POLICIES = 2e4;
function sizeCondition(policies) {
  if (policies <= SUPPORTED_POLICIES) return null;
  return {
    key: "size:policies",
    level: "error",
    fingerprint: String(SUPPORTED_POLICIES),
    msg: `${policies} policies, more than the ${SUPPORTED_POLICIES} the operator is measured for: shell-operator and the hook may pass the pod's memory limit and be killed mid-run; raise resources.limits.memory (docs/operations.md#memory-limit)`,
    fields: { code: "over-supported-size", policies, supported: SUPPORTED_POLICIES }
  };
}

// src/hook/tick.ts
var CARRIED_ON_TICKS = /^(size:|stuck:|stuck-pool:|invalid:|shared:|file:policy index$)/;
var DEFERRABLE = /* @__PURE__ */ new Set(["metrics-due", "stuck-repeat", "prober-changed"]);
function healthDigest(a, dryRun) {
  const signals = a.signals.map((s) => [s.signal, s.state]);
  return strongHash(JSON.stringify([a.inputs, signals, dryRun]));
}
function deferralEnded(until, now) {
  const t = Date.parse(until);
  return Number.isNaN(t) || now.getTime() >= t || t - now.getTime() > DEFER_SECONDS * 1e3;
}
function tickNeed(state, digest, now, metricsExpected) {
  if (state.decided === null) return "first-decision";
  if (state.decided !== digest) return "nodes-changed";
  if (state.pending.length > 0) return "moves-pending";
  if (state.deferUntil !== null && deferralEnded(state.deferUntil, now)) return "deferral-ends";
  if (metricsExpected && metricsDue(state.metricsWritten, now)) return "metrics-due";
  for (const [key, notice] of Object.entries(state.notices))
    if ((key.startsWith("stuck:") || key.startsWith("stuck-pool:")) && repeatDue(notice, now)) return "stuck-repeat";
  return null;
}

// src/hook/pipeline.ts
var DEFAULT_WRITER = "cilium-egress-ha";
var POLICY_METRICS_AUTO_LIMIT = 1e3;
var NOTHING_SETTLED = { confirmed: [], dropped: [], pending: [] };
function evaluate(doc, settings, now, options = {}) {
  const { poolsFromContext: poolsFromContext2 = false, strict = false, writer = DEFAULT_WRITER } = options;
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed ?? parseContext(doc, settings, { poolsFromContext: poolsFromContext2, strict });
  if (parsed.snapshot === null) {
    return {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan: null,
      operations: [],
      metrics: [],
      state,
      written: [],
      held: [],
      settled: NOTHING_SETTLED
    };
  }
  let snapshot = parsed.snapshot;
  if (!parsed.policiesKnown) {
    if (options.policies === void 0)
      throw new ContractError(
        "the binding context carries no policies snapshot (a resync tick); decide it with the policies of the hook's policy index"
      );
    snapshot = { ...snapshot, policies: [...options.policies] };
  }
  const pools = poolsFromContext2 ? [...snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const assessed = poolsFromContext2 ? { ...settings, pools: [] } : settings;
  const assessment = options.assessment ?? assessRun(snapshot, assessed, pools, now, state, options);
  const ms = now.getTime();
  const seen = sightMoves(snapshot.policies, state.sightings, now);
  const decided = decideFrom(assessment, snapshot.policies);
  const deferred = deferMoves(decided.decisions, seen, writer, ms);
  const plan = { ...decided, decisions: deferred.decisions };
  const pins = new Map(plan.decisions.map((d) => [d.policy, d.gateways]));
  const settled = settleMoves(state.pending, pins, seen, writer, ms);
  const failovers = Object.assign(/* @__PURE__ */ Object.create(null), state.failovers);
  for (const m of settled.confirmed)
    failovers[m.pool] = (Object.hasOwn(failovers, m.pool) ? failovers[m.pool] : 0) + m.slots;
  const byName5 = new Map(snapshot.policies.map((p) => [p.name, p]));
  const stuck = /* @__PURE__ */ Object.create(null);
  const writes = [];
  const written = [];
  const held = [];
  const at = now.toISOString();
  const stamp = ms.toString(36);
  for (const d of plan.decisions) {
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? state.stuck[d.policy] : at;
    }
    if (d.action !== "move" || d.pool === null || settings.dryRun) continue;
    const from = d.slots.map((s) => s.from);
    const to = d.slots.map((s) => s.to ?? s.from);
    if (inFlight(settled.pending, d.policy, from, to, ms)) {
      held.push(d.policy);
      continue;
    }
    const id = `${stamp}-${written.length}`;
    const problems = moveProblems(d);
    const lastMove = { id, by: writer, at, ...moveSummary(d), from, to };
    const object = byName5.get(d.policy);
    writes.push({ decision: d, lastMove, hasAnnotations: object?.hasAnnotations ?? object?.pool != null });
    written.push({
      id,
      policy: d.policy,
      pool: d.pool,
      at,
      slots: d.slots.filter((s) => s.action === "move").length,
      from,
      to,
      code: moveSummary(d).reason,
      ...problems.length > 0 ? { problems } : {}
    });
  }
  const uids = new Map(snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const hostToNode = /* @__PURE__ */ new Map();
  for (const pool of plan.pools)
    for (const n of pool.nodes) if (n.hostname !== null) hostToNode.set(n.hostname, n.name);
  const events = settings.events ? toEventOperations(settled.confirmed, plan.decisions, uids, state.stuck, now, settings.eventLimit, hostToNode) : [];
  const managed = plan.decisions.filter((d) => d.pool !== null).length;
  const perPolicy = settings.policyMetrics ?? managed <= POLICY_METRICS_AUTO_LIMIT;
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(writes), ...events],
    metrics: [
      ...toMetrics(plan, failovers, !settings.dryRun, perPolicy),
      ...options.stateBytes !== void 0 ? [stateMetric(options.stateBytes)] : []
    ],
    state: {
      engine: plan.memory,
      stuck,
      failovers,
      pending: [...settled.pending, ...written],
      metricsWritten: state.metricsWritten,
      notices: state.notices,
      decided: healthDigest(plan, settings.dryRun),
      index: state.index,
      sightings: seen.sightings,
      deferUntil: deferred.until === null ? null : new Date(deferred.until).toISOString()
    },
    written,
    held,
    settled
  };
}

// src/hook/policy-index.ts
init_binding_context();
var indexPath = (stateFile) => `${stateFile}.policies`;
var MAX_INDEX_BYTES = 12 * 1024 * 1024;
var VERSION = 1;
function serializeIndex(policies) {
  return `${JSON.stringify({ version: VERSION, policies })}
`;
}
function parseIndex(text) {
  if (text.length > MAX_INDEX_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_INDEX_BYTES}`);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const d = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? doc : {};
  if (d.version !== VERSION)
    throw new Error(`unknown index version (${typeof d.version === "number" ? d.version : typeof d.version})`);
  if (!Array.isArray(d.policies)) throw new Error("policies is not a list");
  const out = new Array(d.policies.length);
  for (let i = 0; i < d.policies.length; i++) {
    const checked = validatePolicyProjection(d.policies[i]);
    if (typeof checked === "string") throw new Error(`policies[${i}]: ${checked}`);
    out[i] = checked;
  }
  return out;
}

// src/io/log.ts
var RANK = { debug: 0, info: 1, warn: 2, error: 3 };
function createLogger(write2, threshold) {
  const emit2 = (level, msg, fields2) => {
    if (RANK[level] < RANK[threshold]) return;
    write2(`${JSON.stringify({ level, msg, ...fields2 })}
`);
  };
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    debug: (msg, fields2) => emit2("debug", msg, fields2),
    info: (msg, fields2) => emit2("info", msg, fields2),
    warn: (msg, fields2) => emit2("warn", msg, fields2),
    error: (msg, fields2) => emit2("error", msg, fields2)
  };
}

// src/hook/run.ts
init_binding_context();

// src/hook/evidence.ts
init_evidence();
init_binding_context();
init_projections();
function readEvidence(doc, writer) {
  if (!Array.isArray(doc)) return { kind: "absent" };
  let items2;
  for (const ctx of doc) {
    const snaps = ctx?.snapshots;
    if (snaps && typeof snaps === "object" && Object.hasOwn(snaps, EVIDENCE_BINDING)) items2 = snaps[EVIDENCE_BINDING];
  }
  if (items2 === void 0) return { kind: "absent" };
  if (!Array.isArray(items2)) return { kind: "invalid", message: `the ${EVIDENCE_BINDING} snapshot is not a list` };
  for (const item of items2) {
    const o = item;
    const projected = o?.filterResult ?? (o?.object ? projectEvidence(o.object) : null);
    if (projected?.name !== writer) continue;
    try {
      return { kind: "found", evidence: parseEvidence(projected?.spec) };
    } catch (err) {
      return { kind: "invalid", message: err.message };
    }
  }
  return { kind: "none" };
}
var degraded = (code, msg) => ({
  use: false,
  condition: {
    key: "prober",
    level: "warn",
    fingerprint: code,
    msg: `${msg}; the probe runs on the resync tick until the prober is back`,
    fields: { code }
  }
});
function proberUse(settings, heartbeat, read3, writer, now) {
  const p = settings.prober;
  if (!p) return degraded("off", "the prober is off");
  if (writer === void 0) return degraded("no-pod-name", "HOSTNAME is not set, so this run cannot find its evidence");
  if (heartbeat === null) return degraded("no-heartbeat", `the prober has written no heartbeat in ${p.dir}`);
  if ("error" in heartbeat) return degraded("heartbeat-unreadable", `the prober's heartbeat: ${heartbeat.error}`);
  const age2 = now.getTime() - Date.parse(heartbeat.at);
  if (age2 > p.staleMs)
    return degraded("heartbeat-stale", `the prober's heartbeat is ${(age2 / 1e3).toFixed(1)}s old: it is down or hung`);
  if (!heartbeat.published) return degraded("unpublished", "the prober cannot write its evidence");
  if (heartbeat.blind) return degraded("blind", "the prober counted no probe round lately (it runs late: starved)");
  if (read3.kind === "absent") return degraded("no-binding", `no context carries the ${EVIDENCE_BINDING} snapshot`);
  if (read3.kind === "invalid") return degraded("evidence-invalid", `the evidence of ${writer}: ${read3.message}`);
  return { use: true, evidence: read3.kind === "found" ? read3.evidence : null };
}
function observationsOf2(evidence, poolNodes, failures) {
  const byNode = new Map((evidence?.nodes ?? []).map((n) => [n.node, n]));
  return poolNodes.map((node) => {
    const e = byNode.get(node);
    if (e?.verdict === "silent")
      return { node, answer: "silent", silent: Math.max(e.failures, failures), silentSince: e.since };
    if (e?.verdict === "refused") return { node, answer: "refused", silent: 0, silentSince: null };
    return { node, answer: "open", silent: 0, silentSince: null };
  });
}
function withLastSightings(state, evidence, now) {
  if (!evidence) return state;
  return withLeaseSightings(withLastUnhealthy(state, evidence, now), evidence, now);
}
function withLeaseSightings(state, evidence, now) {
  const before = state.engine.leaseSeen;
  let leaseSeen = null;
  for (const l of evidence.leases) {
    const seenAt = Math.min(Date.parse(l.seenAt), now.getTime());
    const mine = own(before, l.node);
    if (mine && mine.renewTime === l.renewTime && Date.parse(mine.seenAt) <= seenAt) continue;
    leaseSeen ??= Object.assign(emptyRecord(), before);
    leaseSeen[l.node] = { renewTime: l.renewTime, seenAt: new Date(seenAt).toISOString() };
  }
  return leaseSeen ? { ...state, engine: { ...state.engine, leaseSeen } } : state;
}
function withLastUnhealthy(state, evidence, now) {
  const before = state.engine.unhealthy;
  let unhealthy = null;
  for (const n of evidence.nodes) {
    const last = [n.lastSilence, n.lastRefusal].filter((t) => t !== null).map((t) => Math.min(Date.parse(t), now.getTime())).reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(last)) continue;
    const seen = own(before, n.node);
    if (seen && Date.parse(seen.at) >= last) continue;
    unhealthy ??= Object.assign(emptyRecord(), before);
    unhealthy[n.node] = { at: new Date(last).toISOString(), why: "probe" };
  }
  return unhealthy ? { ...state, engine: { ...state.engine, unhealthy } } : state;
}
function proberMetric(use) {
  return {
    name: "cilium_egress_ha_probe_degraded",
    group: METRIC_GROUP,
    action: "set",
    value: use.use ? 0 : 1,
    labels: use.use ? {} : { code: String(use.condition.fields?.code ?? "") }
  };
}
function targetsWrite(settings, parsed, current) {
  if (!settings.prober || parsed.snapshot === null) return null;
  const text = serializeTargets(probeTargets(parsed));
  return text === current ? null : { path: `${settings.prober.dir}/${TARGETS_FILE}`, text };
}

// src/hook/tick-check.ts
init_binding_context();
function checkTick(settings, now, options, metricsExpected) {
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed;
  const snapshot = parsed.snapshot;
  if (snapshot === null) throw new ContractError("a resync tick without snapshots");
  const pools = settings.pools.map((p) => p.name);
  const a = assessRun(snapshot, settings, pools, now, state, options);
  const digest = healthDigest(a, settings.dryRun);
  const plan = planOf(a, [], a.memory.remembered);
  return {
    need: tickNeed(state, digest, now, metricsExpected),
    assessment: a,
    quiet: {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan,
      operations: [],
      metrics: [],
      state: { ...state, engine: plan.memory },
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
      tick: "quiet"
    }
  };
}

// src/hook/decide-run.ts
function optionsOf(g) {
  return {
    strict: true,
    state: g.loaded.state,
    memory: g.loaded.memory,
    stateCap: g.stateCap,
    stateBytes: g.loaded.text === null ? 0 : Buffer.byteLength(g.loaded.text),
    parsed: g.parsed,
    ...g.probed ? { probed: g.probed } : {},
    ...g.writer ? { writer: g.writer } : {}
  };
}
function assessTick(g) {
  if (g.parsed.snapshot === null || g.parsed.policiesKnown) return null;
  const tick = checkTick(g.settings, g.now, { ...optionsOf(g), parsed: g.parsed }, g.metricsPath !== null);
  if (tick.need === null && g.prober && !g.prober.use.use !== Object.hasOwn(g.loaded.state.notices, "prober"))
    return { ...tick, need: "prober-changed" };
  return tick;
}
function decideRun(g, tick, index) {
  const decided = decideEvaluation(g, tick, index);
  if (!g.prober) return decided;
  const metrics = [...decided.evaluation.metrics, proberMetric(g.prober.use)];
  return { ...decided, evaluation: { ...decided.evaluation, metrics } };
}
function decideEvaluation(g, tick, index) {
  const options = optionsOf(g);
  if (tick === null) return { evaluation: evaluate(g.doc, g.settings, g.now, options), problems: [] };
  if (tick.need === null) return { evaluation: tick.quiet, problems: [] };
  if (Array.isArray(index))
    return {
      evaluation: evaluate(g.doc, g.settings, g.now, { ...options, policies: index, assessment: tick.assessment }),
      problems: []
    };
  if (DEFERRABLE.has(tick.need)) return { evaluation: tick.quiet, problems: [] };
  const why = index ?? { code: "ENOENT", message: "the policy index was not read" };
  return {
    // Forget the index, so that the next full run writes it again even if the policies did not change.
    evaluation: { ...tick.quiet, tick: "blind", state: { ...tick.quiet.state, index: null } },
    // One condition whatever the cause (the message says which), so it is not logged anew as it changes.
    problems: [
      fileCondition(
        "policy index",
        "UNUSABLE",
        `resync tick (${tick.need}) cannot decide the policies: ${why.message} (${why.code}); the next full run (an object event, or the refresh within a minute) will`
      )
    ]
  };
}

// src/hook/gather.ts
init_evidence();
init_binding_context();
var codeOf = (err) => String(err.code ?? "EIO");
function requireEnv(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") {
    throw new ContractError(`${name} is not set; shell-operator sets it for every hook run`, "env-missing");
  }
  return value;
}
async function readContext(io, path) {
  let text;
  try {
    text = await io.readFile(path);
  } catch (err) {
    throw new ContractError(
      `cannot read BINDING_CONTEXT_PATH ${path}: ${err.message}`,
      "context-unreadable"
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContractError(
      `BINDING_CONTEXT_PATH ${path} is not valid JSON: ${err.message}`,
      "context-invalid-json"
    );
  }
}
async function probe(io, settings, parsed, log) {
  if (!settings.probe || !io.probe || !isTick(parsed)) return void 0;
  const targets = probeTargets(parsed);
  if (targets.length === 0) return void 0;
  const p = settings.probe;
  const outcomes = await io.probe(targets, {
    ports: p.ports,
    timeoutMs: p.timeoutMs,
    attempts: p.failures,
    mode: p.mode
  });
  if (log.enabled("debug"))
    log.debug("probe", { outcomes: outcomes.map((o) => ({ node: o.node, answer: o.answer, rttMs: o.rttMs })) });
  return outcomes.map((o) => ({
    node: o.node,
    answer: o.answer,
    silent: o.silent,
    silentSince: o.silentSince === null ? null : new Date(o.silentSince).toISOString()
  }));
}
async function loadState(io, path) {
  const problems = [];
  const lost = "running without memory, so the Lease and agent signals are unavailable";
  let memory = "kept";
  let text = null;
  try {
    text = await io.readState(path);
  } catch (err) {
    const code = codeOf(err);
    memory = "lost";
    const msg = `${err.message}; ${code === "TOO_LARGE" ? `discarded, so ${lost.replace("running ", "")}` : lost}`;
    problems.push(fileCondition(ENV.stateFile, code, msg));
  }
  const unsaved = io.stateUnsaved?.() ?? null;
  if (unsaved && !problems.some((p) => p.fingerprint === unsaved.code)) {
    if (unsaved.code !== "LOCKED") memory = "lost";
    const consequence = unsaved.code === "LOCKED" ? "this run's updates are not saved" : lost;
    problems.push(fileCondition(ENV.stateFile, unsaved.code, `${unsaved.message}; ${consequence}`));
  }
  if (io.lastSaveFailed?.()) {
    memory = "lost";
    const msg = `${ENV.stateFile} ${path}: an earlier run could not save its state; ${lost} until a save succeeds`;
    problems.push(fileCondition(ENV.stateFile, "UNSAVED", msg));
  }
  let state = EMPTY_STATE;
  let version = STATE_VERSION;
  if (text !== null) {
    try {
      ({ state, version } = readStateText(text));
    } catch (err) {
      memory = "lost";
      const msg = `${ENV.stateFile} ${path}: ${err.message}; discarded, so ${lost.replace("running ", "")}`;
      problems.push(fileCondition(ENV.stateFile, "INVALID", msg));
    }
  }
  return { state, text, memory, writable: unsaved === null, problems: problems.slice(0, 1), version };
}
async function readProberFile(io, path) {
  if (!io.readProberFile) return null;
  try {
    return await io.readProberFile(path);
  } catch (err) {
    return { error: `${err.message} (${codeOf(err)})` };
  }
}
async function readProber(io, settings, doc, writer) {
  if (!settings.prober) return null;
  const dir = settings.prober.dir;
  const beat = await readProberFile(io, `${dir}/${HEARTBEAT_FILE}`);
  const heartbeat = beat === null || typeof beat === "object" ? beat : parseHeartbeat(beat) ?? { error: "not a heartbeat" };
  const targets = await readProberFile(io, `${dir}/${TARGETS_FILE}`);
  const gate = await readProberFile(io, `${dir}/${TICK_GATE_FILE}`);
  const use = proberUse(settings, heartbeat, readEvidence(doc, writer), writer, io.now());
  return {
    use,
    leases: heartbeat !== null && "leases" in heartbeat ? heartbeat.leases : null,
    targets: typeof targets === "string" ? targets : null,
    gate: typeof gate === "string" ? gate : null
  };
}
async function gather(io, settings, log) {
  const contextPath = requireEnv(io.env, "BINDING_CONTEXT_PATH");
  const patchPath = requireEnv(io.env, "KUBERNETES_PATCH_PATH");
  const doc = await readContext(io, contextPath);
  const parsed = parseContext(doc, settings, { strict: true });
  const writer = io.env.HOSTNAME?.trim() || void 0;
  const prober = await readProber(io, settings, doc, writer);
  const evidence = prober?.use.use ? prober.use.evidence : void 0;
  const probed = evidence !== void 0 && settings.probe ? observationsOf2(
    evidence,
    probeTargets(parsed).map((t) => t.node),
    settings.probe.failures
  ) : await probe(io, settings, parsed, log);
  const now = io.now();
  const loaded = await loadState(io, settings.stateFile);
  if (evidence) loaded.state = withLastSightings(loaded.state, evidence, now);
  const metricsPath = io.env.METRICS_PATH;
  return {
    settings,
    patchPath,
    metricsPath: metricsPath === void 0 || metricsPath === "" ? null : metricsPath,
    doc,
    parsed,
    probed,
    now,
    loaded,
    writer,
    prober,
    stateCap: io.stateCapBytes ?? MAX_STATE_BYTES
  };
}
async function readPolicyIndex(io, stateFile, expected) {
  const path = indexPath(stateFile);
  if (!io.readIndex) return { code: "UNSUPPORTED", message: "this hook process keeps no policy index" };
  if (expected === null) return { code: "ENOENT", message: `no usable policy index was written (${path})` };
  let text;
  try {
    text = await io.readIndex(path);
  } catch (err) {
    return { code: codeOf(err), message: `cannot read ${path}: ${err.message}` };
  }
  if (text === null) return { code: "ENOENT", message: `${path} is missing` };
  if (strongHash(text) !== expected)
    return {
      code: "STALE",
      message: `${path} is not the index the state recorded (another writer, or a failed write)`
    };
  try {
    return parseIndex(text);
  } catch (err) {
    return { code: "INVALID", message: `${path}: ${err.message}` };
  }
}

// src/hook/log-lines.ts
function stuckPool(pool, stuck) {
  const codes = /* @__PURE__ */ new Map();
  for (const d of stuck) codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
  const first = stuck[0];
  return {
    key: `stuck-pool:${pool}`,
    level: "error",
    fingerprint: textHash(stuck.map((d) => `${d.policy}\0${fingerprint(d.reason)}`).join("")),
    msg: `${stuck.length} policies of pool ${pool} are stuck (${[...codes].map(([c, n]) => `${c}: ${n}`).join(", ")}); the first, ${first.policy}: ${renderReason(first.reason)}`,
    fields: { pool, action: "stuck", policies: stuck.length, code: first.reason.code }
  };
}
function conditionsOf(e, limit, dryRun) {
  const out = [];
  const plan = e.plan;
  if (plan === null) return out;
  const size = e.tick ? null : sizeCondition(plan.decisions.length);
  if (size) out.push(size);
  for (const n of plan.notices) out.push(noticeCondition(n, renderReason));
  for (const s of plan.signals) {
    if (s.state === "suspended" || s.state === "unavailable")
      out.push({
        key: `signal:${s.signal}`,
        level: "error",
        fingerprint: s.state,
        msg: `${s.signal} signal ${s.state}: ${s.detail}`,
        fields: { signal: s.signal, state: s.state }
      });
  }
  const isStuck = (d) => d.action === "stuck" || d.slots.some((s) => s.action === "stuck");
  const stuckByPool = /* @__PURE__ */ new Map();
  for (const d of plan.decisions) {
    if (!isStuck(d)) continue;
    const list2 = stuckByPool.get(d.pool ?? "");
    if (list2) list2.push(d);
    else stuckByPool.set(d.pool ?? "", [d]);
  }
  const pooled = /* @__PURE__ */ new Set();
  for (const [pool, stuck] of stuckByPool)
    if (stuck.length > limit) {
      pooled.add(pool);
      out.push(stuckPool(pool, stuck));
    }
  for (const d of plan.decisions) {
    const shared = sharedGateways(d, !dryRun);
    if (shared.length > 0)
      out.push({
        key: `shared:${d.policy}`,
        level: "warn",
        fingerprint: JSON.stringify(shared),
        msg: `policy ${d.policy}: ${shared.map((g) => `slots ${g.slots.join(", ")} share gateway ${g.gateway}`).join("; ")}; no failback spreads them again: re-pin one by hand`,
        fields: { policy: d.policy, pool: d.pool, shared }
      });
    if (isStuck(d) && pooled.has(d.pool ?? "")) continue;
    if (isStuck(d))
      out.push({
        key: `stuck:${d.policy}`,
        level: "error",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, pool: d.pool, action: "stuck", code: d.reason.code }
      });
    else if (d.action === "invalid")
      out.push({
        key: `invalid:${d.policy}`,
        level: "warn",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: "invalid", code: d.reason.code, ...d.field ? { field: d.field } : {} }
      });
  }
  return out;
}
function startupConditions(g, env) {
  const seen = /* @__PURE__ */ new Map();
  return settingsWarnings(env, g.settings).map((w) => {
    const variable = /^[A-Z][A-Z0-9_]*/.exec(w)?.[0] ?? "settings";
    const n = seen.get(variable) ?? 0;
    seen.set(variable, n + 1);
    return { key: `settings:${variable}:${n}`, level: "warn", fingerprint: w, msg: w };
  });
}
function emptyRunLines(g) {
  return [
    { level: "debug", msg: "empty binding context, nothing to decide" },
    ...g.loaded.problems.map((p) => conditionLine(p))
  ];
}
function skippedLines(e) {
  return e.problems.map((p) => ({
    level: "warn",
    msg: `skipped ${p.where}: ${p.message}`,
    fields: { code: "skipped", where: p.where }
  }));
}
function conditionLine(c) {
  return { level: c.level, msg: c.msg, fields: { ...c.fields, condition: c.key } };
}
function debugLines(e) {
  const out = [];
  if (e.plan === null) return out;
  for (const pool of e.plan.pools) {
    const unfit = pool.nodes.filter((n) => n.state !== "settled");
    if (unfit.length > 0)
      out.push({
        level: "debug",
        msg: `pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes are not settled`,
        fields: {
          pool: pool.pool,
          nodes: unfit.map((n) => ({
            node: n.name,
            state: n.state,
            why: n.healthy ? n.waiting ? renderReason(n.waiting) : "healthy" : n.problems.map((p) => renderReason(p.reason)).join(", ")
          }))
        }
      });
  }
  for (const d of e.plan.decisions)
    if (d.action !== "move")
      out.push({
        level: "debug",
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: d.action, code: d.reason.code }
      });
  for (const m of e.written)
    out.push({
      level: "debug",
      msg: `policy ${m.policy}: patch written (move ${m.id}), awaiting confirmation`,
      fields: { policy: m.policy, move: m.id }
    });
  for (const p of e.held)
    out.push({
      level: "debug",
      msg: `policy ${p}: an identical move is in flight; not written again`,
      fields: { policy: p }
    });
  return out;
}
function moveLines(e, dryRun) {
  const out = [];
  if (dryRun && e.plan) {
    for (const d of e.plan.decisions)
      if (d.action === "move")
        out.push({
          level: "info",
          msg: `policy ${d.policy}: would move (dry run): ${renderReason(d.reason)}`,
          fields: { policy: d.policy, pool: d.pool, action: "move", code: d.reason.code, dryRun: true }
        });
  }
  for (const m of e.settled.confirmed)
    out.push({
      level: "info",
      msg: `policy ${m.policy}: ${moveMessage(m)}`,
      fields: { policy: m.policy, pool: m.pool, action: "moved", move: m.id, code: m.code }
    });
  for (const { move, why } of e.settled.dropped)
    out.push({
      level: why === "expired" ? "warn" : "debug",
      msg: `policy ${move.policy}: move ${move.id} did not take effect (${why})`,
      fields: { policy: move.policy, move: move.id, code: `move-${why}` }
    });
  return out;
}
function summaryLine(e, dryRun) {
  if (e.tick)
    return {
      level: "debug",
      msg: e.tick === "quiet" ? "resync tick: nothing the decisions read changed since the last one; no policy decided" : "resync tick: the policies could not be decided"
    };
  const decisions = e.plan?.decisions ?? [];
  const counts = { keep: 0, move: 0, stuck: 0, ignore: 0, invalid: 0 };
  for (const d of decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
  const summary = Object.entries(counts).map(([action, n]) => `${n} ${action}`).join(", ");
  const wouldMove = counts.move ?? 0;
  const dry = dryRun && wouldMove > 0 ? ` (dry run: ${wouldMove} policy patches not written)` : "";
  const eventful = e.operations.length > 0 || e.settled.dropped.length > 0 || wouldMove > 0;
  return {
    level: eventful ? "info" : "debug",
    msg: `decided ${decisions.length} policies: ${summary}${dry}`,
    fields: { ...counts, dryRun }
  };
}
function runLines(g, e, files, env, debug) {
  const conditions = conditionsToLog(
    g.loaded.state.notices,
    [...conditionsOf(e, g.settings.eventLimit, g.settings.dryRun), ...files, ...startupConditions(g, env)],
    g.now,
    e.tick ? CARRIED_ON_TICKS : void 0
  );
  const lines = [
    ...conditions.log.map(conditionLine),
    ...conditions.cleared.map((key) => ({
      level: "info",
      msg: `condition cleared: ${key}`,
      fields: { condition: key }
    })),
    ...debug ? debugLines(e) : [],
    ...moveLines(e, g.settings.dryRun),
    summaryLine(e, g.settings.dryRun)
  ];
  return { lines, notices: conditions.next };
}

// src/hook/run-io.ts
var EXIT_OK = 0;
var EXIT_CONTRACT = 1;
var EXIT_USAGE = 2;

// src/hook/tick-gate.ts
init_evidence();
function gateHeldBy(settings, prober, pools) {
  if (!prober.use.use) return "prober-degraded";
  if (settings.leaseSignal && prober.leases !== "watching") return "lease-watch";
  for (const p of pools) for (const n of p.nodes) if (n.waiting !== null) return n.waiting.code;
  return null;
}
function gateWrite(settings, prober, pools) {
  if (!settings.prober) return null;
  const text = `${gateHeldBy(settings, prober, pools) === null ? "skip" : "run"}
`;
  return text === prober.gate ? null : { path: `${settings.prober.dir}/${TICK_GATE_FILE}`, text };
}
function leaseWatchCondition(settings, prober) {
  if (!settings.leaseSignal || !prober.use.use || prober.leases === "watching") return null;
  return {
    key: "prober-leases",
    level: "warn",
    fingerprint: prober.leases ?? "unknown",
    msg: "the prober does not watch the node Leases: their staleness is read on the resync tick",
    fields: { code: `lease-watch-${prober.leases ?? "unknown"}` }
  };
}

// src/hook/writes.ts
function planIndex(g, can) {
  const snapshot = g.parsed.snapshot;
  if (!g.parsed.policiesKnown || snapshot === null || !g.loaded.writable || !can.keepsIndex)
    return { write: null, hash: void 0, problem: null };
  const text = serializeIndex(snapshot.policies);
  const bytes2 = Buffer.byteLength(text);
  if (bytes2 > MAX_INDEX_BYTES) {
    const msg = `policy index: ${bytes2} bytes, over the limit of ${MAX_INDEX_BYTES}; resync ticks cannot decide the policies, so failover waits for an object event`;
    return { write: null, hash: null, problem: fileCondition("policy index", "TOO_LARGE", msg) };
  }
  const hash = strongHash(text);
  if (hash === g.loaded.state.index) return { write: null, hash, problem: null };
  return { write: { path: indexPath(g.settings.stateFile), text, hash }, hash, problem: null };
}
function planWrites(g, e, indexProblems, can) {
  const { settings, now } = g;
  const before = g.loaded.state;
  const index = planIndex(g, can);
  const wroteOperations = e.operations.length > 0 && !settings.dryRun;
  const last = before.metricsWritten;
  const kept = last ? { ...last, force: last.force || wroteOperations } : null;
  let metrics = null;
  let metricsWritten = kept;
  if (g.metricsPath !== null && !e.tick) {
    const text = toNdjson(e.metrics);
    const compared = toNdjson(e.metrics.filter((m) => m.name !== STATE_BYTES_METRIC));
    if (metricsStale(last, compared, now)) {
      metrics = { path: g.metricsPath, text };
      metricsWritten = { hash: textHash(compared), at: now.toISOString(), force: wroteOperations };
    }
  }
  return {
    metrics,
    patch: wroteOperations ? { path: g.patchPath, text: toNdjson(e.operations) } : null,
    index: index.write,
    state: { ...e.state, metricsWritten, index: index.hash === void 0 ? e.state.index : index.hash },
    ifFailed: { metrics: kept, index: null },
    saveState: g.loaded.writable,
    conditions: [...g.loaded.problems, ...indexProblems, ...index.problem ? [index.problem] : []]
  };
}
function nextState(plan, failed, notices) {
  return {
    ...plan.state,
    notices,
    ...failed.metrics ? { metricsWritten: plan.ifFailed.metrics } : {},
    ...failed.index ? { index: plan.ifFailed.index } : {}
  };
}

// src/hook/run.ts
var emit = (log, lines) => {
  for (const l of lines) log[l.level](l.msg, l.fields);
};
async function writeMetrics(io, plan) {
  if (plan.metrics === null) return null;
  try {
    await io.writeFile(plan.metrics.path, plan.metrics.text);
    return null;
  } catch (err) {
    const msg = `cannot write METRICS_PATH ${plan.metrics.path}: ${err.message}; the patches are written all the same`;
    return fileCondition("METRICS_PATH", codeOf(err), msg);
  }
}
async function writeRest(io, g, plan, log, metricsFailed, notices) {
  if (plan.patch !== null) {
    try {
      await io.writeFile(plan.patch.path, plan.patch.text);
    } catch (err) {
      throw new ContractError(
        `cannot write KUBERNETES_PATCH_PATH ${plan.patch.path}: ${err.message}`,
        "output-unwritable"
      );
    }
  }
  let indexFailed = false;
  if (plan.index !== null && io.writeIndex) {
    try {
      await io.writeIndex(plan.index.path, plan.index.text);
    } catch (err) {
      indexFailed = true;
      log.error(
        `cannot write the policy index ${plan.index.path}: ${err.message}; resync ticks cannot decide the policies until it is written`,
        { file: "policy index", code: codeOf(err) }
      );
    }
  }
  if (!plan.saveState) return;
  const path = g.settings.stateFile;
  const fitted = fitState(nextState(plan, { metrics: metricsFailed, index: indexFailed }, notices), g.stateCap);
  const { shed } = fitted;
  if (shed.notices + shed.stuck + shed.pending > 0)
    log.warn(
      `${ENV.stateFile}: over its cap of ${g.stateCap} bytes; shed ${shed.notices} logged conditions, ${shed.stuck} stuck policies and ${shed.pending} pending moves (never confirmed), never the signals' memory`,
      { file: ENV.stateFile, code: "state-shed", ...shed }
    );
  if (fitted.text === g.loaded.text) return;
  const unsaved = async (code, why) => {
    log.error(`cannot write ${ENV.stateFile} ${path}: ${why}; the next run starts without this run's memory`, {
      file: ENV.stateFile,
      code
    });
    if (code !== "LOCKED" && code !== "CONFLICT") await io.markUnsaved?.(path);
  };
  if (!fitted.fits) return unsaved("TOO_LARGE", `the new state passes the cap of ${g.stateCap} bytes even so`);
  try {
    await io.writeState(path, fitted.text);
  } catch (err) {
    await unsaved(codeOf(err), err.message);
  }
}
async function run(io, settings, log) {
  const g = await gather(io, settings, log);
  if (g.loaded.text !== null && g.loaded.version !== STATE_VERSION)
    log.info(`${ENV.stateFile}: read in the layout of version ${g.loaded.version}, saved in that of ${STATE_VERSION}`, {
      version: g.loaded.version
    });
  const tick = assessTick(g);
  const index = tick?.need != null ? await readPolicyIndex(io, settings.stateFile, g.loaded.state.index) : null;
  const { evaluation: e, problems } = decideRun(g, tick, index);
  log.debug("binding context", { contexts: e.contexts });
  emit(log, skippedLines(e));
  if (e.plan === null) return emit(log, emptyRunLines(g));
  const plan = planWrites(g, e, problems, { keepsIndex: io.writeIndex !== void 0 });
  const metricsProblem = await writeMetrics(io, plan);
  const files = [
    ...plan.conditions,
    ...metricsProblem ? [metricsProblem] : [],
    ...g.prober && !g.prober.use.use ? [g.prober.use.condition] : [],
    ...g.prober ? [leaseWatchCondition(g.settings, g.prober)].filter((c) => c !== null) : []
  ];
  const { lines, notices } = runLines(g, e, files, io.env, log.enabled("debug"));
  emit(log, lines);
  await writeRest(io, g, plan, log, metricsProblem !== null, notices);
  await writeProberFiles(io, g, e.plan.pools, log);
}
async function writeProberFiles(io, g, pools, log) {
  if (!g.prober || !io.writeProberFile) return;
  const writes = [
    { what: "prober targets", write: targetsWrite(g.settings, g.parsed, g.prober.targets) },
    { what: "tick gate", write: gateWrite(g.settings, g.prober, pools) }
  ];
  for (const { what, write: write2 } of writes) {
    if (write2 === null) continue;
    try {
      await io.writeProberFile(write2.path, write2.text);
    } catch (err) {
      log.error(`cannot write the ${what} ${write2.path}: ${err.message}`, {
        file: what,
        code: codeOf(err)
      });
    }
  }
}
async function runHook(io, preread) {
  let settings;
  try {
    settings = preread ?? readSettings(io.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr(`${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}`, code: "settings" })}
`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const log = createLogger(io.stderr, settings.logLevel);
  try {
    await run(io, settings, log);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ContractError) {
      log.error(err.message, { code: err.code });
      return EXIT_CONTRACT;
    }
    throw err;
  }
}

// src/cli/commands.ts
init_binding_context();
init_hook_config();

// src/cli/hook-process.ts
var fs5 = __toESM(require("node:fs"), 1);
var import_node_path2 = require("node:path");

// src/io/files.ts
var fs = __toESM(require("node:fs"), 1);
var C = fs.constants;
var FileError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
  code;
  name = "FileError";
};
function call(fn) {
  return new Promise((resolve, reject) => fn((err, value) => err ? reject(err) : resolve(value)));
}
var euid = () => process.geteuid?.() ?? -1;
function kind(st) {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isDirectory()) return "a directory";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}
function describe2(err, what) {
  if (err instanceof FileError) return err;
  const e = err;
  const subject = what || "it";
  if (e.code === "ELOOP") return new FileError(`${subject} is a symbolic link; refusing to follow it`, "SYMLINK");
  if (e.code === "ENXIO") return new FileError(`${subject} is not a regular file (a FIFO or socket)`, "NOT_REGULAR");
  const reason2 = String(e.message ?? e.code).split(", ")[0] ?? "";
  return new FileError(what ? `${what}: ${reason2}` : reason2, e.code ?? "EIO");
}
async function readRegular(path, what, opts = {}) {
  return (await readWithStat(path, what, opts)).data;
}
var seenOf = (st) => ({ ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs });
function readWithStat(path, what, opts = {}) {
  const flags = C.O_RDONLY | C.O_NONBLOCK | (opts.noFollow ? C.O_NOFOLLOW : 0);
  const subject = what || "it";
  return new Promise((resolve, reject) => {
    fs.open(path, flags, (err, fd) => {
      if (err) return reject(describe2(err, what));
      const fail = (e) => fs.close(fd, () => reject(describe2(e, what)));
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2);
        if (!st.isFile()) return fail(new FileError(`${subject} is not a regular file (${kind(st)})`, "NOT_REGULAR"));
        if (opts.owned && st.uid !== euid()) {
          return fail(
            new FileError(`${subject} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN")
          );
        }
        const max = opts.maxBytes ?? Number.MAX_SAFE_INTEGER;
        if (st.size > max) {
          return fail(new FileError(`${subject} is ${st.size} bytes, over the limit of ${max}`, "TOO_LARGE"));
        }
        const chunks = [];
        let total = 0;
        const next = () => {
          const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total + 1, 65536), 16 << 20, max - total + 1));
          fs.read(fd, buf, 0, buf.length, null, (err3, n) => {
            if (err3) return fail(err3);
            const done = () => fs.close(fd, () => resolve({ data: Buffer.concat(chunks, total), seen: seenOf(st) }));
            if (n === 0) return done();
            chunks.push(buf.subarray(0, n));
            total += n;
            if (total > max) return fail(new FileError(`${subject} grew over the limit of ${max} bytes`, "TOO_LARGE"));
            if (n < buf.length && total >= st.size) return done();
            next();
          });
        };
        next();
      });
    });
  });
}
function writeAll(fd, data, done) {
  let offset = 0;
  const step = () => {
    if (offset >= data.length) {
      done(null);
      return;
    }
    fs.write(fd, data, offset, data.length - offset, null, (err, n) => {
      if (err) return done(err);
      offset += n;
      step();
    });
  };
  step();
}
function writeOutput(path, data, what) {
  const bytes2 = Buffer.from(data);
  return new Promise((resolve, reject) => {
    fs.open(path, C.O_WRONLY | C.O_CREAT | C.O_NONBLOCK, 438, (err, fd) => {
      if (err) return reject(describe2(err, what));
      const fail = (e, truncate2) => {
        const close4 = () => fs.close(fd, () => reject(describe2(e, what)));
        if (truncate2) fs.ftruncate(fd, 0, close4);
        else close4();
      };
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2, false);
        if (!st.isFile() && !st.isCharacterDevice()) {
          return fail(new FileError(`${what || "it"} is not a regular file (${kind(st)})`, "NOT_REGULAR"), false);
        }
        const write2 = () => writeAll(fd, bytes2, (err3) => {
          if (err3) return fail(err3, st.isFile());
          fs.close(fd, (err4) => err4 ? reject(describe2(err4, what)) : resolve());
        });
        if (st.isFile()) fs.ftruncate(fd, 0, (e) => e ? fail(e, false) : write2());
        else write2();
      });
    });
  });
}
var unlinkQuietly = (path) => new Promise((resolve) => fs.unlink(path, () => resolve()));
async function readOwnFile(path, maxBytes) {
  try {
    return (await readRegular(path, path, { noFollow: true, owned: true, maxBytes })).toString("utf8");
  } catch (err) {
    if (err.code === "ENOENT") return null;
    throw err;
  }
}
var touchQuietly = (path) => new Promise(
  (resolve) => fs.open(
    path,
    C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW | C.O_NONBLOCK,
    384,
    (err, fd) => err ? resolve() : fs.close(fd, () => resolve())
  )
);
var existsQuietly = (path) => new Promise((resolve) => fs.lstat(path, (err) => resolve(!err)));

// src/io/lock.ts
var fs2 = __toESM(require("node:fs"), 1);
var import_node_os = require("node:os");
var C2 = fs2.constants;
function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code !== "ESRCH";
  }
}
var LOCK_WRITE_GRACE_MS = 5e3;
function inspectLock(path) {
  return new Promise((resolve) => {
    fs2.open(path, C2.O_RDONLY | C2.O_NOFOLLOW | C2.O_NONBLOCK, (err, fd) => {
      if (err) return resolve(err.code === "ENOENT" ? null : { stale: true, ino: -1, dev: -1 });
      fs2.fstat(fd, (err2, st) => {
        if (err2) return fs2.close(fd, () => resolve({ stale: true, ino: -1, dev: -1 }));
        const buf = Buffer.alloc(320);
        fs2.read(fd, buf, 0, buf.length, 0, (err3, n) => {
          fs2.close(fd, () => {
            const [pid, until, host] = buf.subarray(0, err3 ? 0 : n).toString().trim().split(" ");
            const odd = !st.isFile() || st.uid !== euid();
            const expires = Number(until);
            const stale = odd || (Number.isFinite(expires) ? expires < Date.now() || host === (0, import_node_os.hostname)() && !alive(Number(pid)) : Date.now() - st.mtimeMs > LOCK_WRITE_GRACE_MS);
            resolve({ stale, ino: st.ino, dev: st.dev });
          });
        });
      });
    });
  });
}
async function lockFile(path, holdMs, waitMs) {
  const lock = `${path}.lock`;
  const giveUp = Date.now() + waitMs;
  let breaks = 0;
  for (; ; ) {
    const expires = Date.now() + holdMs;
    try {
      const fd = await call(
        (done) => fs2.open(lock, C2.O_WRONLY | C2.O_CREAT | C2.O_EXCL | C2.O_NOFOLLOW, 384, done)
      );
      const st = await call((done) => fs2.fstat(fd, done));
      const content = Buffer.from(`${process.pid} ${expires} ${(0, import_node_os.hostname)()}
`);
      await call((done) => writeAll(fd, content, done)).finally(
        () => call((done) => fs2.close(fd, done)).catch(() => void 0)
      );
      let released = false;
      return {
        held: true,
        release: async () => {
          if (released) return;
          released = true;
          const now = await call((done) => fs2.lstat(lock, done)).catch(() => null);
          if (now && now.ino === st.ino && now.dev === st.dev) await unlinkQuietly(lock);
        }
      };
    } catch (err) {
      if (err.code !== "EEXIST") throw describe2(err, `lock ${lock}`);
    }
    const seen = await inspectLock(lock);
    if (seen === null) continue;
    if (seen.stale) {
      const now = await call((done) => fs2.lstat(lock, done)).catch(() => null);
      if (now && (seen.ino === -1 || now.ino === seen.ino && now.dev === seen.dev)) await unlinkQuietly(lock);
      if (++breaks <= 3) continue;
    }
    if (Date.now() >= giveUp) return { held: false, release: async () => void 0 };
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 20)));
  }
}

// src/io/private-dir.ts
var fs3 = __toESM(require("node:fs"), 1);
var import_node_path = require("node:path");
var C3 = fs3.constants;
function privacyProblem(st, dir) {
  if (st.isSymbolicLink()) return new FileError(`directory ${dir} is a symbolic link`, "SYMLINK");
  if (!st.isDirectory()) return new FileError(`${dir} is not a directory (${kind(st)})`, "NOT_PRIVATE");
  if (st.uid !== euid()) {
    return new FileError(`directory ${dir} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN");
  }
  if ((st.mode & 18) !== 0) {
    return new FileError(
      `directory ${dir} is writable by other users (mode ${(st.mode & 4095).toString(8)}); give the state a directory of its own, for example ${dir}/cilium-egress-ha/state.json`,
      "NOT_PRIVATE"
    );
  }
  return null;
}
function ensurePrivateDir(dir) {
  return new Promise((resolve, reject) => {
    const check = (created) => fs3.lstat(dir, (err, st) => {
      if (err?.code === "ENOENT" && !created) {
        return fs3.mkdir(
          dir,
          { recursive: true, mode: 448 },
          (err2) => err2 ? reject(describe2(err2, `cannot create directory ${dir}`)) : check(true)
        );
      }
      if (err) return reject(describe2(err, `directory ${dir}`));
      const problem = privacyProblem(st, dir);
      if (problem) reject(problem);
      else resolve();
    });
    check(false);
  });
}
function checkStateLocation(path) {
  const dir = (0, import_node_path.dirname)(path);
  let st;
  try {
    st = fs3.lstatSync(dir);
  } catch (err) {
    if (err.code !== "ENOENT") return describe2(err, `directory ${dir}`).message;
    let up = dir;
    for (; ; ) {
      const parent = (0, import_node_path.dirname)(up);
      if (parent === up) return `cannot create directory ${dir}`;
      up = parent;
      try {
        if (!fs3.statSync(up).isDirectory()) return `cannot create directory ${dir}: ${up} is not a directory`;
      } catch (e) {
        if (e.code === "ENOENT") continue;
        return describe2(e, `cannot create directory ${dir}: ${up}`).message;
      }
      try {
        fs3.accessSync(up, C3.W_OK | C3.X_OK);
        return null;
      } catch (e) {
        return `cannot create directory ${dir}: ${up} is not writable (${e.code})`;
      }
    }
  }
  const problem = privacyProblem(st, dir);
  if (problem) return problem.message;
  try {
    fs3.accessSync(dir, C3.W_OK | C3.X_OK);
  } catch (err) {
    return `directory ${dir} is not writable (${err.code})`;
  }
  let file;
  try {
    file = fs3.lstatSync(path);
  } catch (err) {
    if (err.code === "ENOENT") return null;
    return describe2(err, path).message;
  }
  if (!file.isFile()) return `${path} is not a regular file (${kind(file)})`;
  if (file.uid !== euid()) return `${path} is owned by uid ${file.uid}, not by the hook's uid ${euid()}`;
  try {
    fs3.accessSync(path, C3.R_OK);
  } catch (err) {
    return `${path} is not readable (${err.code})`;
  }
  return null;
}

// src/io/replace.ts
var fs4 = __toESM(require("node:fs"), 1);
var C4 = fs4.constants;
async function replaceFile(path, data, what) {
  const tmp = `${path}.tmp`;
  const create = () => call((done) => fs4.open(tmp, C4.O_WRONLY | C4.O_CREAT | C4.O_EXCL | C4.O_NOFOLLOW, 384, done));
  let fd;
  try {
    fd = await create().catch(async (err) => {
      if (err.code !== "EEXIST") throw err;
      await unlinkQuietly(tmp);
      return create();
    });
  } catch (err) {
    throw describe2(err, what);
  }
  try {
    await call((done) => writeAll(fd, typeof data === "string" ? Buffer.from(data) : Buffer.from(data), done));
    await call((done) => fs4.close(fd, done));
    fd = -1;
    await call((done) => fs4.rename(tmp, path, done));
  } catch (err) {
    if (fd >= 0) await call((done) => fs4.close(fd, done)).catch(() => void 0);
    await unlinkQuietly(tmp);
    throw describe2(err, what);
  }
}

// src/io/stdio.ts
var import_node_fs = require("node:fs");
function writeFd(fd, text) {
  const buf = Buffer.from(text);
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += (0, import_node_fs.writeSync)(fd, buf, offset);
    } catch (err) {
      if (err.code !== "EAGAIN") throw err;
    }
  }
}

// src/cli/hook-process.ts
init_hook_config();
function printHookConfig(env) {
  try {
    const settings = readSettings(env);
    const problem = checkStateLocation(settings.stateFile);
    if (problem !== null) throw new SettingsError(`${ENV.stateFile}: ${problem}`);
    for (const warning of settingsWarnings(env, settings)) writeFd(2, `cilium-egress-ha: warning: ${warning}
`);
    writeFd(1, `${JSON.stringify(buildHookConfig(settings))}
`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      writeFd(2, `cilium-egress-ha: invalid settings: ${err.message}
`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
function armDeadline(timeoutSeconds) {
  const ms = Math.max(0, timeoutSeconds * 1e3 - process.uptime() * 1e3);
  setTimeout(() => {
    writeFd(
      2,
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}
`
    );
    if (process.getActiveResourcesInfo().some((r) => r.startsWith("FS"))) process.kill(process.pid, "SIGKILL");
    process.exit(EXIT_CONTRACT);
  }, ms).unref();
}
function stateIO(timeoutSeconds) {
  let lock = null;
  let dirOk = false;
  let unsaved = null;
  let saveFailed = false;
  let seen;
  const what = (path) => `${ENV.stateFile} ${path}`;
  return {
    readState: async (path) => {
      try {
        await ensurePrivateDir((0, import_node_path2.dirname)(path));
      } catch (err) {
        const problem = new FileError(`${what(path)}: ${err.message}`, err.code);
        unsaved = problem;
        throw problem;
      }
      dirOk = true;
      const holdMs = Math.max(1e3, timeoutSeconds * 1e3 - process.uptime() * 1e3 + 1e3);
      try {
        lock = await lockFile(path, holdMs, Math.min(2e3, holdMs / 2));
        if (!lock.held) {
          unsaved = {
            code: "LOCKED",
            message: `${what(path)} is locked by another hook process (${path}.lock); several processes must not share one state file`
          };
        }
      } catch (err) {
        unsaved = {
          code: err.code,
          message: `${what(path)}: cannot write in its directory: ${err.message}`
        };
      }
      saveFailed = await existsQuietly(unsavedMarker(path));
      try {
        const read3 = await readWithStat(path, what(path), { noFollow: true, owned: true, maxBytes: MAX_STATE_BYTES });
        seen = read3.seen;
        return read3.data.toString("utf8");
      } catch (err) {
        if (err.code !== "ENOENT") throw err;
        seen = null;
        return null;
      }
    },
    writeState: async (path, data) => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      const size = Buffer.byteLength(data);
      if (size > MAX_STATE_BYTES) {
        throw new FileError(
          `the new state is ${size} bytes, over the limit of ${MAX_STATE_BYTES}; not saved`,
          "TOO_LARGE"
        );
      }
      if (seen !== void 0) {
        const now = await call(
          (done) => fs5.lstat(path, (err, st) => done(err?.code === "ENOENT" ? null : err, err ? null : st))
        );
        const same2 = now === null || seen === null ? now === seen : now.ino === seen.ino && now.dev === seen.dev && now.size === seen.size && now.mtimeMs === seen.mtimeMs;
        if (!same2) {
          throw new FileError(
            "it was changed by another process during this run; this run's update is dropped",
            "CONFLICT"
          );
        }
      }
      await replaceFile(path, data, "");
      if (saveFailed) await unlinkQuietly(unsavedMarker(path));
      await lock.release();
    },
    readIndex: async (path) => {
      if (!dirOk) throw new FileError("the state directory is not the hook's own", "EACCES");
      try {
        return (await readRegular(path, `policy index ${path}`, { noFollow: true, owned: true, maxBytes: MAX_INDEX_BYTES })).toString("utf8");
      } catch (err) {
        if (err.code === "ENOENT") return null;
        throw err;
      }
    },
    writeIndex: async (path, data) => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      await replaceFile(path, data, "");
    },
    stateUnsaved: () => unsaved,
    lastSaveFailed: () => saveFailed,
    markUnsaved: (path) => dirOk ? touchQuietly(unsavedMarker(path)) : Promise.resolve(),
    release: async () => {
      await lock?.release();
    }
  };
}
async function runHookProcess() {
  let timeoutSeconds = 30;
  let settings;
  try {
    settings = readSettings(process.env);
    timeoutSeconds = settings.runTimeoutSeconds;
  } catch {
  }
  armDeadline(timeoutSeconds);
  const state = stateIO(timeoutSeconds);
  try {
    return await runHook(
      {
        env: process.env,
        readFile: async (path) => (await readRegular(path, "")).toString("utf8"),
        writeFile: async (path, data) => {
          if (path === "/dev/stdout") writeFd(1, data);
          else await writeOutput(path, data, "");
        },
        readState: state.readState,
        writeState: state.writeState,
        readIndex: state.readIndex,
        writeIndex: state.writeIndex,
        stateUnsaved: state.stateUnsaved,
        // The directory shared with the prober: its heartbeat, and the targets this hook writes.
        readProberFile: (path) => readOwnFile(path, 4 << 20),
        writeProberFile: async (path, data) => {
          await ensurePrivateDir((0, import_node_path2.dirname)(path));
          await replaceFile(path, data, path);
        },
        lastSaveFailed: state.lastSaveFailed,
        markUnsaved: state.markUnsaved,
        stderr: (text) => writeFd(2, text),
        now: () => /* @__PURE__ */ new Date(),
        // node:net loads only when a tick probes.
        probe: async (targets, s) => (await Promise.resolve().then(() => (init_probe(), probe_exports))).probeNodes(targets, s)
      },
      settings
    );
  } finally {
    await state.release();
  }
}

// src/cli/live.ts
init_hook_config();
async function captureLive(settings, context) {
  const { connect: connect3 } = await import("./kube.cjs");
  const { captureContext: captureContext2 } = await Promise.resolve().then(() => (init_capture(), capture_exports));
  const cluster = await connect3(context);
  const nodesByPool = /* @__PURE__ */ new Map();
  for (const pool of settings.pools) nodesByPool.set(pool.name, await cluster.listNodes(pool.selector));
  const doc = captureContext2(settings, {
    nodesByPool,
    allNodes: await cluster.listNodes({ matchLabels: {}, matchExpressions: [] }),
    policies: await cluster.listPolicies(),
    leases: settings.leaseSignal ? await cluster.listLeases(NODE_LEASE_NAMESPACE) : null,
    agents: settings.agentSignal ? await cluster.listPods(settings.agentNamespace, settings.agentSelector) : null
  });
  return { doc, contextName: cluster.contextName };
}
async function readReplicaState(path) {
  let text;
  try {
    const what = `state file ${path}`;
    text = (await readRegular(path, what, { noFollow: true, owned: true, maxBytes: MAX_STATE_BYTES })).toString("utf8");
  } catch (err) {
    if (err.code === "ENOENT")
      return {
        state: void 0,
        memory: "missing",
        line: `State: none at ${path}: this replica has not run yet; shown without memory of recent failures`
      };
    return {
      state: void 0,
      memory: "unreadable",
      line: `State: ${err.message}; shown without memory of recent failures`
    };
  }
  try {
    return { state: parseState(text), memory: "read", line: `State: ${path}, read without its lock` };
  } catch (err) {
    return {
      state: void 0,
      memory: "unreadable",
      line: `State: ${path} is not a state this version reads (${err.message}); shown without memory of recent failures`
    };
  }
}

// src/cli/plan-render.ts
function nodeDetail(n, now) {
  if (!n.healthy) return n.problems.map((p) => `${p.signal}: ${renderReason(p.reason)}`).join("; ");
  const label = n.hostname === null ? "; no kubernetes.io/hostname label, so never a target" : "";
  if (n.waiting) return `${renderReason(n.waiting)}${label}`;
  const ms = n.readySince ? Date.parse(n.readySince) : Number.NaN;
  return `${Number.isNaN(ms) ? "Ready" : `Ready for ${formatAge((now.getTime() - ms) / 1e3)}`}${label}`;
}
function gatewaysPerNode(decisions) {
  const count = /* @__PURE__ */ new Map();
  for (const d of decisions) {
    for (const s of d.slots) {
      const node = s.to ?? s.from;
      if (node !== null) count.set(node, (count.get(node) ?? 0) + 1);
    }
  }
  return count;
}
function decisionLabel(d) {
  if (d.action !== "move") return d.action;
  const targets = d.slots.filter((s) => s.action === "move").map((s) => s.to);
  return `move \u2192 ${targets.join(",")}`;
}
function table(rows, indent = "") {
  const widths = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) => (indent + row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)).join("  ")).trimEnd()
  ).join("\n");
}
function renderPlanTable(e, now) {
  const out = [];
  if (e.plan === null) return "The binding context is empty: nothing to decide.\n";
  const { decisions, pools } = e.plan;
  out.push(`Plan at ${now.toISOString()}`);
  out.push("");
  if (decisions.length === 0) {
    out.push("No CiliumEgressGatewayPolicy in the snapshot.");
  } else {
    const rows = [["POLICY", "POOL", "GATEWAY", "DECISION", "CODE", "REASON"]];
    for (const d of decisions) {
      const gateways = d.gateways.map((g) => g ?? "(unpinned)").join(",") || "-";
      rows.push([d.policy, d.pool ?? "-", gateways, decisionLabel(d), d.reason.code, renderReason(d.reason)]);
    }
    out.push(table(rows));
  }
  out.push("");
  out.push(`Signals: ${e.plan.signals.map((sig) => `${sig.signal} ${sig.state} (${sig.detail})`).join("; ")}`);
  for (const n of e.plan.notices) out.push(`Notice: ${n.code}: ${renderReason(n)}`);
  const load = gatewaysPerNode(decisions);
  for (const pool of pools) {
    const settled = pool.nodes.filter((n) => n.state === "settled").length;
    out.push("");
    out.push(`Pool ${pool.pool}: ${pool.nodes.length} node${pool.nodes.length === 1 ? "" : "s"}, ${settled} settled`);
    if (pool.nodes.length === 0) continue;
    const rows = [["NODE", "STATE", "GATEWAYS", "DETAIL"]];
    for (const n of pool.nodes) {
      rows.push([n.name, n.state, String(load.get(n.hostname ?? n.name) ?? 0), nodeDetail(n, now)]);
    }
    out.push(table(rows, "  "));
  }
  if (e.problems.length > 0) {
    out.push("");
    out.push("Skipped input:");
    for (const p of e.problems) out.push(`  ${p.where}: ${p.message}`);
  }
  out.push("");
  if (e.operations.length === 0) {
    out.push("The hook would write no operation.");
  } else {
    const n = e.operations.length;
    out.push(`The hook would write ${n} operation${n === 1 ? "" : "s"}:`);
    for (const op of e.operations) out.push(`  ${JSON.stringify(op)}`);
  }
  return `${out.join("\n")}
`;
}
function planToJson(e, now) {
  return {
    now: now.toISOString(),
    decisions: (e.plan?.decisions ?? []).map((d) => ({
      policy: d.policy,
      pool: d.pool,
      action: d.action,
      gateways: d.gateways,
      slots: d.slots.map((s) => ({
        slot: s.slot.label,
        action: s.action,
        from: s.from,
        to: s.to,
        egressIP: s.egressIP,
        code: s.reason.code,
        reason: renderReason(s.reason),
        facts: s.reason
      })),
      code: d.reason.code,
      reason: renderReason(d.reason),
      ...d.field ? { field: d.field } : {}
    })),
    pools: (e.plan?.pools ?? []).map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map((n) => ({
        name: n.name,
        state: n.state,
        problems: n.problems.map((p2) => ({ signal: p2.signal, code: p2.reason.code, text: renderReason(p2.reason) })),
        waiting: n.waiting ? { code: n.waiting.code, text: renderReason(n.waiting) } : null,
        hostname: n.hostname,
        readySince: n.readySince,
        egressIP: n.egressIP.kind === "valid" || n.egressIP.kind === "conflict" ? n.egressIP.ip : null
      }))
    })),
    signals: e.plan?.signals ?? [],
    notices: (e.plan?.notices ?? []).map((r) => ({ code: r.code, text: renderReason(r) })),
    moves: {
      written: e.written.map((m) => ({ id: m.id, policy: m.policy, to: m.to })),
      confirmed: e.settled.confirmed.map((m) => ({ id: m.id, policy: m.policy, to: m.to })),
      dropped: e.settled.dropped.map((d) => ({ id: d.move.id, policy: d.move.policy, why: d.why })),
      held: e.held
    },
    problems: e.problems,
    operations: e.operations
  };
}

// src/cli/commands.ts
var UsageError = class extends Error {
};
async function readInput(file) {
  try {
    return file === "-" ? await readStdin() : await (0, import_promises.readFile)(file, "utf8");
  } catch (err) {
    throw new ContractError(`cannot read ${file}: ${err.message}`);
  }
}
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
function parseNow(value) {
  if (value === void 0) return /* @__PURE__ */ new Date();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--now: "${value}" is not an RFC 3339 time`);
  return new Date(ms);
}
var poolsFromContext = () => process.env[ENV.pools] === void 0;
function decide(doc, settings, now, state, policies) {
  const writer = process.env.HOSTNAME?.trim();
  return evaluate(doc, settings, now, {
    poolsFromContext: poolsFromContext(),
    ...state ? { state } : {},
    ...writer ? { writer } : {},
    ...policies ? { policies } : {}
  });
}
function printPlan(result, now, output) {
  process.stdout.write(
    output === "json" ? `${JSON.stringify(planToJson(result, now), null, 2)}
` : renderPlanTable(result, now)
  );
}
async function captureOrExplain(settings, context) {
  try {
    return await captureLive(settings, context);
  } catch (err) {
    throw new ContractError(`capture failed: ${err.message}`);
  }
}
function buildProgram(exit) {
  const program2 = new Command("cilium-egress-ha").description(
    "Keeps Cilium egress gateway policies on healthy nodes. Runs as a shell-operator hook;\nwith no arguments it performs one hook run, with --config it prints its bindings."
  ).version(true ? "0.1.0" : "dev").option("--config", "print the shell-operator binding configuration (JSON) and exit").showHelpAfterError().action(async (opts) => {
    exit.code = opts.config ? printHookConfig(process.env) : await runHookProcess();
  });
  program2.command("run").description("perform one hook run: read $BINDING_CONTEXT_PATH, write $KUBERNETES_PATCH_PATH").action(async () => {
    exit.code = await runHookProcess();
  });
  program2.command("config").description("print the shell-operator binding configuration for the current settings").addOption(new Option("-o, --output <format>", "output format").choices(["json", "yaml"]).default("json")).action(async (opts) => {
    const config = buildHookConfig(readSettings(process.env));
    if (opts.output === "yaml") {
      const yaml = await Promise.resolve().then(() => __toESM(require_dist(), 1));
      const api = "stringify" in yaml && typeof yaml.stringify === "function" ? yaml : yaml.default;
      process.stdout.write(api.stringify(config, { lineWidth: 0 }));
    } else {
      process.stdout.write(`${JSON.stringify(config, null, 2)}
`);
    }
  });
  program2.command("plan").description(
    `show what the hook would decide for a recorded binding context, and why.
Pools come from ${ENV.pools} when it is set, otherwise from the context's snapshots.`
  ).argument("<binding-context>", "binding-context JSON file as shell-operator writes it ('-' for stdin)").addOption(new Option("-o, --output <format>", "output format").choices(["table", "json"]).default("table")).option("--now <time>", "evaluate at this RFC 3339 time instead of the current time").option("--state <file>", "the hook's state file (EGRESS_HA_STATE_FILE), for its memory of recent failures").action(async (file, opts) => {
    const settings = readSettings(process.env);
    const now = parseNow(opts.now);
    const text = await readInput(file);
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ContractError(`${file} is not valid JSON: ${err.message}`);
    }
    let state;
    if (opts.state) {
      try {
        state = parseState(await readInput(opts.state));
      } catch (err) {
        throw new ContractError(`--state ${opts.state}: ${err.message}`);
      }
    }
    let policies;
    if (!parseContext(doc, settings, { poolsFromContext: poolsFromContext() }).policiesKnown) {
      if (!opts.state || !state)
        throw new ContractError(
          `${file} is a resync tick's context, which carries no policies; pass --state with the hook's state file, whose policy index (<state>.policies) has them, or capture a full context`
        );
      const path = indexPath(opts.state);
      const text2 = await readInput(path);
      if (state.index === null || strongHash(text2) !== state.index)
        throw new ContractError(
          `policy index ${path} is not the one ${opts.state} recorded; the hook would not decide from it either`
        );
      try {
        policies = parseIndex(text2);
      } catch (err) {
        throw new ContractError(`policy index ${path}: ${err.message}`);
      }
    }
    const result = decide(doc, settings, now, state, policies);
    printPlan(result, now, opts.output);
  });
  program2.command("capture").description(
    "read everything the bindings select (pool nodes, every node's hostname label, policies, node\nLeases, cilium agent pods) through the current kubeconfig context and write a binding context\nexactly as shell-operator would send it (then run `plan` on it)"
  ).option("-o, --output <file>", "write to this file instead of stdout").option("--context <name>", "kubeconfig context to use").action(async (opts) => {
    const { doc } = await captureOrExplain(readSettings(process.env), opts.context);
    const text = `${JSON.stringify(doc, null, 2)}
`;
    if (opts.output) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(opts.output, text);
    } else {
      process.stdout.write(text);
    }
  });
  program2.command("status").description(
    "show what the hook decides right now, and why: capture the live cluster (in the operator's pod,\nwith its ServiceAccount; elsewhere through the current kubeconfig context), read this replica's\nstate file without taking its lock, and print the plan. Read-only: it writes nothing.\nIn the pod: kubectl exec deploy/<release> -c shell-operator -- cilium-egress-ha status"
  ).addOption(new Option("-o, --output <format>", "output format").choices(["table", "json"]).default("table")).option("--state <file>", `the state file to read (default: ${ENV.stateFile}, as the hook uses it)`).option("--context <name>", "kubeconfig context to use").action(async (opts) => {
    const settings = readSettings(process.env);
    const captured = await captureOrExplain(settings, opts.context);
    const replica = await readReplicaState(opts.state ?? settings.stateFile);
    const now = /* @__PURE__ */ new Date();
    const result = decide(captured.doc, settings, now, replica.state);
    const writer = process.env.HOSTNAME?.trim() || "(HOSTNAME unset)";
    if (opts.output === "json") {
      const source = { writer, context: captured.contextName, memory: replica.memory, state: replica.line };
      process.stdout.write(`${JSON.stringify({ source, ...planToJson(result, now) }, null, 2)}
`);
      return;
    }
    process.stdout.write(`Replica: ${writer}; cluster context: ${captured.contextName}
${replica.line}

`);
    printPlan(result, now, "table");
  });
  return program2;
}
async function runCli(argv) {
  const exit = { code: 0 };
  const program2 = buildProgram(exit);
  program2.exitOverride();
  for (const sub of program2.commands) sub.exitOverride();
  try {
    await program2.parseAsync(argv);
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof SettingsError || err instanceof UsageError) {
      process.stderr.write(`cilium-egress-ha: ${err.message}
`);
      return EXIT_USAGE;
    }
    if (err instanceof ContractError) {
      process.stderr.write(`cilium-egress-ha: ${err.message}
`);
      return EXIT_CONTRACT;
    }
    throw err;
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  buildProgram,
  runCli
});
