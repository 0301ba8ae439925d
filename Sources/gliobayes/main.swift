import GlioBayesCommandLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(GlioBayesCommandLine.main(Array(CommandLine.arguments.dropFirst())))
