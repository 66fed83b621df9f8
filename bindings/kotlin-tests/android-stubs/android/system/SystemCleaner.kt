// JVM stand-in for android.system.SystemCleaner (API 33+), referenced by the generated bindings'
// Android cleaner. Never called on the JVM (Build.VERSION.SDK_INT is 0 here).
package android.system

object SystemCleaner {
    fun cleaner(): java.lang.ref.Cleaner =
        java.lang.ref.Cleaner
            .create()
}
